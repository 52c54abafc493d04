package dev.parley.gateway;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callers that hang up while the gateway waits for a service must not keep the gateway's connections to it:
 * under overload (clients timing out) the pool to conversation-service once filled with abandoned exchanges and
 * every later call through the gateway hung. Here the pool holds 4 connections and 12 callers hang up (half close,
 * half reset), some waiting for the answer, some still sending their body; 8 of them wait for a pooled connection.
 */
@QuarkusTest
@TestProfile(HungUpCallerTest.SmallPool.class)
@QuarkusTestResource(EchoService.class)
class HungUpCallerTest extends SlowService.Behind {
    static final int POOL = 4;
    static final int CALLERS = 3 * POOL;
    static final String WORKSPACE = "/api/v1/workspaces/0191b7a2-0000-7000-8000-000000000001";
    /**
     * A bound on waiting, not a speed requirement: without the fix an abandoned exchange holds its connection
     * until the 60 s idle timeout, so anything well below that tells the two apart.
     */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final TestPerson PERSON = Keycloak.person("Hana");

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.services.announcement", SlowService.URL,
                    "parley.gateway.upstream-pool-size", Integer.toString(POOL));
        }
    }

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void callersWhoHangUpGiveTheirUpstreamConnectionsBack() throws Exception {
        String token = PERSON.token();
        List<Socket> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Socket caller = new Socket(gateway.getHost(), gateway.getPort());
            OutputStream out = caller.getOutputStream();
            if (i % 2 == 0) {
                // waits for the answer
                out.write(("GET " + WORKSPACE + "/announcements/hang HTTP/1.1\r\nHost: gateway\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                // still sending its body: 10 of 1,000 bytes
                out.write(("POST " + WORKSPACE + "/announcements/hang HTTP/1.1\r\nHost: gateway\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"title\":\"").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            callers.add(caller);
        }
        // the whole pool is in use; the other callers wait for a connection
        await().atMost(PATIENCE).until(() -> service.hangingRequests() >= POOL);

        for (int i = 0; i < CALLERS; i++) {
            if (i % 4 >= 2) {
                callers.get(i).setSoLinger(true, 0); // resets (RST) rather than closes
            }
            callers.get(i).close();
        }

        await().atMost(PATIENCE).until(() -> service.connectionsHeld() == 0);
        HttpResponse<String> next = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway + WORKSPACE.substring(1) + "/announcements"))
                .header("Authorization", "Bearer " + token).timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, next.statusCode(), "the service is still reachable through the gateway: " + next.body());
        assertEquals(0, service.connectionsHeld(), "no abandoned exchange holds a connection");
        assertTrue(service.closedConnections() >= POOL,
                "the service saw the abandoned exchanges' connections closed: " + service.closedConnections());
    }
}
