package dev.parley.common.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A test's WebSocket to the gateway's /api/v1/realtime: keeps every frame it receives and the close code. */
public final class RealtimeClient implements AutoCloseable {
    private static final Vertx VERTX = Vertx.vertx();
    public final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    public volatile Short closeCode;
    private final WebSocket socket;

    private RealtimeClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closeCode = socket.closeStatusCode());
    }

    public static RealtimeClient connect(int port, String token) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/api/v1/realtime").addHeader("Authorization", "Bearer " + token);
        WebSocket socket = VERTX.createHttpClient().webSocket(options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return new RealtimeClient(socket);
    }

    public void send(JsonObject frame) {
        socket.writeTextMessage(frame.encode());
    }

    public List<JsonObject> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
    }

    @Override
    public void close() {
        socket.close();
    }
}
