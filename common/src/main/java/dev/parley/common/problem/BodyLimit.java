package dev.parley.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused as problem+json 413 {@code too-large}, like every
 * other error: the HTTP layer's own refusal is an empty 413 the exception mappers never see. Checked on the declared
 * Content-Length before anything reads the body (a chunked body over the limit still gets the HTTP layer's 413).
 */
@ApplicationScoped
public class BodyLimit {
    private final long maxBytes;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && declared(length) > maxBytes) {
                Problem problem = Problem.of(ProblemCode.TOO_LARGE, "the body is over " + maxBytes + " bytes",
                        context.request().path());
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(write(problem));
                return;
            }
            context.next();
        });
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP layer answers a malformed Content-Length itself
        }
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
