package dev.parley.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates event data read from a real topic against the JSON Schema the events module ships for its type. */
public final class EventSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The violations of {@code data} against the schema of {@code type}; empty when valid. */
    public static List<String> violations(String type, byte[] data) {
        EventCatalog event = EventCatalog.byType(type)
                .orElseThrow(() -> new AssertionError("unknown event type " + type));
        try {
            JsonNode json = EventJson.mapper().readTree(data);
            return schema(event).validate(json).stream().map(ValidationMessage::getMessage).toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema schema(EventCatalog event) {
        return SCHEMAS.computeIfAbsent(event.type(), type -> {
            try (InputStream in = EventCatalog.class.getClassLoader().getResourceAsStream(event.schemaResource())) {
                if (in == null) {
                    throw new AssertionError("no schema " + event.schemaResource());
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                return FACTORY.getSchema(EventJson.mapper().readTree(in), config);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
