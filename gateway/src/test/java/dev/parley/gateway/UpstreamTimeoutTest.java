package dev.parley.gateway;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A service that does not answer within parley.gateway.upstream-timeout (1 s here): 504, its request reset. */
@QuarkusTest
@TestProfile(UpstreamTimeoutTest.ShortTimeout.class)
@QuarkusTestResource(EchoService.class)
class UpstreamTimeoutTest extends SlowService.Behind {
    static final String ANNOUNCEMENTS = "/api/v1/workspaces/0191b7a2-0000-7000-8000-000000000001/announcements";
    private static final TestPerson PERSON = Keycloak.person("Ines");

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.gateway.services.announcement", SlowService.URL,
                    "parley.gateway.upstream-timeout", "1s");
        }
    }

    @Test
    void aServiceThatDoesNotAnswerIs504AndItsConnectionIsClosed() {
        given().auth().oauth2(PERSON.token()).get(ANNOUNCEMENTS + "/hang")
                .then().statusCode(504)
                .contentType("application/problem+json").body("code", equalTo("upstream-timeout"));
        given().auth().oauth2(PERSON.token()).contentType("application/json").body("{\"title\":\"Hello\"}")
                .post(ANNOUNCEMENTS + "/hang")
                .then().statusCode(504)
                .contentType("application/problem+json").body("code", equalTo("upstream-timeout"));

        await().atMost(Duration.ofSeconds(20)).until(() -> service.connectionsHeld() == 0);
        // the same service still answers what it can
        given().auth().oauth2(PERSON.token()).get(ANNOUNCEMENTS).then().statusCode(200).body("answered", equalTo(true));
    }
}
