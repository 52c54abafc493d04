package dev.parley.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a service behind the gateway that answers with what reached it (method, path, headers, body
 * size), so tests can see what the proxy forwarded. The conversation route points at a closed port.
 */
public class EchoService implements QuarkusTestResourceLifecycleManager {
    static final int PORT = 18_181;
    /** What a service's own /q/openapi looks like, reduced to one path and one schema. */
    static final String OPENAPI = """
            {"openapi":"3.0.3","paths":{"/api/v1/me":{"get":{"responses":{"200":{"description":"OK",
            "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Me"}}}}}}}},
            "components":{"schemas":{"Me":{"type":"object","properties":{"userId":{"type":"string"}}}}}}""";
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        dev.parley.common.testing.LocalStack.ensureUp();
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (request.path().equals("/q/openapi")) {
                request.response().putHeader("Content-Type", "application/json").end(OPENAPI);
                return;
            }
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("method", request.method().name())
                        .put("path", request.path())
                        .put("query", request.query())
                        .put("authorization", request.getHeader("Authorization"))
                        .put("requestId", request.getHeader("X-Request-Id"))
                        .put("bodyBytes", body.length())
                        .encode());
        }));
        try {
            server.listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "parley.gateway.services.identity", "http://127.0.0.1:" + PORT,
                "parley.gateway.services.conversation", "http://127.0.0.1:1",
                "parley.gateway.max-body-bytes", "1048576");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
