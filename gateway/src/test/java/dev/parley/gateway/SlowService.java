package dev.parley.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service behind the gateway that never answers a path ending in {@code /hang} (it takes the request and
 * keeps the connection open) and answers anything else at once. It counts what a leak would show: the
 * connections that hold an unanswered request, and the connections the gateway closed.
 */
final class SlowService {
    /** Test classes whose gateway routes announcements to a SlowService (their profile says so). */
    abstract static class Behind {
        static SlowService service;

        @BeforeAll
        static void startService() throws Exception {
            service = new SlowService().start();
        }

        @AfterAll
        static void stopService() {
            service.stop();
        }
    }

    static final int PORT = 18_182;
    static final String URL = "http://127.0.0.1:" + PORT;
    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger hangingRequests = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final Set<HttpConnection> holding = ConcurrentHashMap.newKeySet();

    SlowService start() throws Exception {
        HttpServer server = vertx.createHttpServer()
                .connectionHandler(connection -> connection.closeHandler(v -> {
                    holding.remove(connection);
                    closedConnections.incrementAndGet();
                }))
                .requestHandler(request -> {
                    if (request.path().endsWith("/hang")) {
                        hangingRequests.incrementAndGet();
                        holding.add(request.connection());
                        return; // never answered
                    }
                    request.body().onSuccess(body -> request.response()
                            .putHeader("Content-Type", "application/json").end("{\"answered\":true}"));
                });
        server.listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return this;
    }

    /** Requests to a {@code /hang} path that reached this service. */
    int hangingRequests() {
        return hangingRequests.get();
    }

    /** Open connections on which an unanswered request waits: what the gateway still holds. */
    int connectionsHeld() {
        return holding.size();
    }

    int closedConnections() {
        return closedConnections.get();
    }

    void stop() {
        vertx.close();
    }
}
