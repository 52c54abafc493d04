package dev.parley.gateway.realtime;

import io.vertx.core.http.ServerWebSocket;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sockets this gateway instance holds, by the Keycloak user id they were opened with. */
@ApplicationScoped
public class Sockets {
    private final Map<String, Set<ServerWebSocket>> byUser = new ConcurrentHashMap<>();

    void add(String userId, ServerWebSocket socket) {
        byUser.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void remove(String userId, ServerWebSocket socket) {
        byUser.computeIfPresent(userId, (u, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    /** Sends one text frame to every socket of every listed person connected here; returns how many got it. */
    public int send(Collection<String> userIds, String frame) {
        int sent = 0;
        for (String userId : userIds) {
            Set<ServerWebSocket> sockets = byUser.get(userId);
            if (sockets == null) {
                continue;
            }
            for (ServerWebSocket socket : sockets) {
                if (!socket.isClosed()) {
                    socket.writeTextMessage(frame);
                    sent++;
                }
            }
        }
        return sent;
    }

    public int count() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
