package dev.parley.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-person limits with a bucket of 3 and a refill of 1 per second (this profile only). */
@QuarkusTest
@TestProfile(RateLimitTest.TightLimits.class)
@QuarkusTestResource(EchoService.class)
class RateLimitTest {
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.rate-limit.per-user.per-second", "1",
                    "parley.gateway.rate-limit.per-user.burst", "3");
        }
    }

    @TestHTTPResource("/api/v1/me")
    URL me;

    @TestHTTPResource("/api/v1/realtime")
    URI realtime;

    @Test
    void beyondTheBurstAPersonGets429WithRetryAfterWhileSomeoneElseIsServed() throws Exception {
        TestPerson busy = Keycloak.person("Busy");
        TestPerson calm = Keycloak.person("Calm");
        String token = busy.token();
        // twenty at once: however slow the machine, they arrive well within the bucket's capacity plus its refill
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 20)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create(me.toString()))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> responses = sent.stream().map(CompletableFuture::join).toList();

        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertEquals(20, ok + limited.size(), "only 200 or 429");
        assertTrue(ok >= 3, "the burst of 3 is served");
        assertTrue(limited.size() >= 10, "most of twenty simultaneous requests are refused, got " + limited.size());
        HttpResponse<String> refused = limited.get(0);
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertEquals("rate-limited", new ObjectMapper().readTree(refused.body()).path("code").asText());
        assertTrue(refused.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"));

        given().auth().oauth2(calm.token()).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aReconnectLoopIsRefusedWith429BeforeTheUpgrade() {
        TestPerson looping = Keycloak.person("Looping");
        String token = looping.token();
        HttpClient http = HttpClient.newHttpClient();
        URI socket = URI.create(realtime.toString().replaceFirst("^http", "ws"));
        List<CompletableFuture<Integer>> opened = IntStream.range(0, 20)
                .mapToObj(i -> http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(socket, new WebSocket.Listener() {
                        })
                        .thenApply(ws -> {
                            ws.abort();
                            return 101;
                        })
                        .exceptionally(failure -> failure.getCause() instanceof WebSocketHandshakeException refused
                                ? refused.getResponse().statusCode() : -1))
                .toList();
        List<Integer> statuses = opened.stream().map(CompletableFuture::join).toList();

        assertTrue(statuses.stream().allMatch(s -> s == 101 || s == 429), "only upgrades or 429: " + statuses);
        assertTrue(statuses.stream().filter(s -> s == 101).count() >= 3, "the burst of 3 is served: " + statuses);
        assertTrue(statuses.stream().filter(s -> s == 429).count() >= 10, "most of twenty are refused: " + statuses);
    }
}
