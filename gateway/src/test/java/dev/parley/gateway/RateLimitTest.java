package dev.parley.gateway;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

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

    @Test
    void afterTheBurstAPersonGets429WithRetryAfterWhileSomeoneElseIsServed() {
        TestPerson busy = Keycloak.person("Busy");
        TestPerson calm = Keycloak.person("Calm");
        String token = busy.token();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        }
        // the bucket refills one token a second, so on a slow machine a request may slip through; a dozen cannot
        int status = 200;
        for (int i = 0; i < 12 && status == 200; i++) {
            status = given().auth().oauth2(token).get("/api/v1/me").statusCode();
        }
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("rate-limited"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        org.junit.jupiter.api.Assertions.assertEquals(429, status, "the busy person was never limited");
        given().auth().oauth2(calm.token()).get("/api/v1/me").then().statusCode(200);
    }
}
