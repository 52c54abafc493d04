package dev.parley.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.common.testing.TestPerson;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A workspace's SMS/push provider bridge for a test: a real HTTP server on loopback whose answer the test decides. */
final class TestBridge implements AutoCloseable {
    /** What the bridge does with one request: the HTTP status it answers. */
    @FunctionalInterface
    interface Answer {
        int answer(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final HttpServer server;

    private TestBridge(HttpServer server) {
        this.server = server;
    }

    /** Starts the bridge and configures it as the workspace's (the caller needs settings.manage). */
    static TestBridge start(UUID workspaceId, TestPerson admin, String secret, Answer answer) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(answer.answer(exchange, body), -1);
            exchange.close();
        });
        server.start();
        TestBridge bridge = new TestBridge(server);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body("{\"url\":\"" + bridge.url() + "\",\"secret\":\"" + secret + "\"}")
                .put("/api/v1/workspaces/" + workspaceId + "/notification-bridge").then().statusCode(200);
        return bridge;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
