package dev.parley.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The gateway's own answers in the problem+json shape every Parley service uses (RFC 9457 with a stable code).
 * The gateway runs no JAX-RS, so it writes the document itself.
 */
public final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static Buffer body(int status, String code, String title, String detail, String instance) {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "https://parley.dev/problems/" + code)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("code", code);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return Buffer.buffer(problem.toString());
    }

    public static void send(HttpServerResponse response, int status, String code, String title, String detail, String instance) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body(status, code, title, detail, instance));
    }
}
