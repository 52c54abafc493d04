package dev.parley.gateway;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/** The proxy with real Keycloak tokens: what passes, what is refused, and how. */
@QuarkusTest
@QuarkusTestResource(EchoService.class)
class ApiProxyTest {
    private static final TestPerson PERSON = Keycloak.person("Gina");

    @Test
    void aValidTokenIsForwardedWithTheRequestAndARequestId() {
        given().auth().oauth2(PERSON.token())
                .get("/api/v1/workspaces/0191b7a2-0000-7000-8000-000000000001/members?limit=5")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .body("path", equalTo("/api/v1/workspaces/0191b7a2-0000-7000-8000-000000000001/members"))
                .body("query", equalTo("limit=5"))
                .body("authorization", equalTo("Bearer " + PERSON.token()))
                .body("requestId", notNullValue());
    }

    @Test
    void aCallersRequestIdIsKeptWhenItIsSafe() {
        given().auth().oauth2(PERSON.token()).header("X-Request-Id", "trace-123")
                .get("/api/v1/me").then().statusCode(200).body("requestId", equalTo("trace-123"));
        given().auth().oauth2(PERSON.token()).header("X-Request-Id", "<script>")
                .get("/api/v1/me").then().statusCode(200).body("requestId", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void noTokenIs401Problem() {
        given().get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void aForgedTokenIs401Problem() {
        String token = PERSON.token();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(forged).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void anUnreachableServiceIs503Problem() {
        given().auth().oauth2(PERSON.token())
                .get("/api/v1/workspaces/0191b7a2-0000-7000-8000-000000000001/conversations")
                .then().statusCode(503)
                .contentType("application/problem+json").body("code", equalTo("unavailable"));
    }

    @Test
    void anUnknownPathIs404Problem() {
        given().auth().oauth2(PERSON.token()).get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not-found"));
    }

    @Test
    void anOversizedBodyIs413BeforeAnyServiceSeesIt() {
        given().auth().oauth2(PERSON.token()).contentType("application/octet-stream").body(new byte[1_048_577])
                .post("/api/v1/workspaces").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("too-large"));
        given().auth().oauth2(PERSON.token()).contentType("application/octet-stream").body(new byte[1_000_000])
                .post("/api/v1/workspaces").then().statusCode(200).body("bodyBytes", equalTo(1_000_000));
    }
}
