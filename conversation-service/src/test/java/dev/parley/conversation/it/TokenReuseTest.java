package dev.parley.conversation.it;

import dev.parley.auth.VerifiedTokens;
import dev.parley.common.testing.BadTokens;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service remembers a bearer token it verified (common's auth: VerifiedTokens) and answers it again without
 * verifying, until the token expires; real Keycloak tokens throughout. What must not change: a forged token is
 * never remembered and stays 401, and a remembered token is refused once its {@code exp} has passed.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TokenReuseTest {
    @Inject
    VerifiedTokens verified;

    @Test
    void aVerifiedTokenIsReusedAndAForgedOneNeverIs() {
        TestPerson otto = Keycloak.person("Otto");
        String token = otto.token();
        String path = Api.ws(UUID.randomUUID()) + "/conversations"; // a workspace Otto is not in: 404 once verified

        RestAssured.given().auth().oauth2(token).get(path).then().statusCode(404);
        assertEquals(otto.userId(), verified.get(token).orElseThrow().getPrincipal().getName());
        RestAssured.given().auth().oauth2(token).get(path).then().statusCode(404); // the same answer from memory

        String forged = BadTokens.forged(otto);
        RestAssured.given().auth().oauth2(forged).get(path).then().statusCode(401);
        RestAssured.given().auth().oauth2(forged).get(path).then().statusCode(401);
        assertTrue(verified.get(forged).isEmpty(), "a token that failed verification is never remembered");
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        TestPerson otto = Keycloak.person("Otto");
        String path = Api.ws(UUID.randomUUID()) + "/conversations";
        String token = null;
        for (int attempt = 0; attempt < 3 && token == null; attempt++) {
            String fresh = Keycloak.shortLivedToken(otto); // expires ~8 s after it was issued
            int status = RestAssured.given().auth().oauth2(fresh).get(path).statusCode();
            if (System.currentTimeMillis() / 1000 < BadTokens.expiresAt(fresh)) {
                assertEquals(404, status, "a valid token is accepted");
                token = fresh;
            } // else a loaded machine took the token's 8 s before the request was answered: take another
        }
        assertNotNull(token, "three short-lived tokens expired before their first request was answered");
        assertTrue(verified.get(token).isPresent(), "remembered while valid");

        long waitMillis = BadTokens.expiresAt(token) * 1000 - System.currentTimeMillis() + 1500;
        Thread.sleep(Math.max(0, waitMillis));
        RestAssured.given().auth().oauth2(token).get(path).then().statusCode(401);
        assertTrue(verified.get(token).isEmpty());
    }
}
