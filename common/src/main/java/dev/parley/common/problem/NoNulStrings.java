package dev.parley.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * No request string may hold a NUL character: PostgreSQL cannot store one in text, so it would surface as a 500
 * after the transaction began. Refused while reading the JSON, it is a 400 naming the field (ProblemMappers'
 * wrong-format answer) and nothing is stored.
 */
@Singleton
public class NoNulStrings implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("parley-no-nul-strings").addDeserializer(String.class, new Deserializer()));
    }

    static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(parser, "a NUL character is not accepted", value, String.class);
            }
            return value;
        }
    }
}
