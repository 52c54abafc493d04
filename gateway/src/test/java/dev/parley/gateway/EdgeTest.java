package dev.parley.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** What every response of the public edge carries, CORS, and the merged OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(EchoService.class)
class EdgeTest {

    @Test
    void securityHeadersOnEveryResponse() {
        given().get("/api/v1/me").then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    @Test
    void corsOnlyForConfiguredOrigins() {
        given().header("Origin", "http://127.0.0.1:5173").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/workspaces").then()
                .header("Access-Control-Allow-Origin", "http://127.0.0.1:5173");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/workspaces").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theMergedOpenApiDocumentHoldsEveryReachableServicesPathsAndNamesTheMissingOnes() {
        given().get("/api/v1/openapi").then().statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("paths.'/api/v1/me'.get.tags", hasItem("identity-permission-service"))
                .body("components.schemas.Me", notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("x-parley-missing", hasItem("conversation-service"));
    }

    @Test
    void theBrowsableUiIsServed() {
        given().redirects().follow(true).get("/api/v1/openapi-ui/").then().statusCode(200)
                .body(containsString("swagger"));
    }
}
