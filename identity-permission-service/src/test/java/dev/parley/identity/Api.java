package dev.parley.identity;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls the identity API as a real Keycloak user (or with no token at all). */
final class Api {
    private Api() {
    }

    static RequestSpecification as(TestPerson person) {
        return RestAssured.given().header("Authorization", person.bearer()).contentType(ContentType.JSON);
    }

    static RequestSpecification anonymous() {
        return RestAssured.given().contentType(ContentType.JSON);
    }

    /** A fresh workspace owned by a fresh person. */
    record Scenario(UUID workspaceId, TestPerson owner) {
        String path(String rest) {
            return "/api/v1/workspaces/" + workspaceId + rest;
        }
    }

    static Scenario workspace(String ownerName) {
        TestPerson owner = Keycloak.person(ownerName);
        String id = as(owner).body(Map.of("name", ownerName + "'s salon")).post("/api/v1/workspaces")
                .then().statusCode(201).extract().path("id");
        return new Scenario(UUID.fromString(id), owner);
    }

    static String groupId(Scenario s, String name) {
        List<Map<String, Object>> groups = as(s.owner()).get(s.path("/permission-groups")).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return groups.stream().filter(g -> name.equals(g.get("name"))).map(g -> (String) g.get("id")).findFirst().orElseThrow();
    }

    /** Adds the person to the team with exactly these groups; returns the member id. */
    static String member(Scenario s, TestPerson person, String... groupIds) {
        return as(s.owner()).body(Map.of("email", person.email(), "groupIds", List.of(groupIds)))
                .post(s.path("/members")).then().statusCode(201).extract().path("id");
    }

    /** A custom group with exactly these permissions; returns its id. */
    static String group(Scenario s, String name, String... permissions) {
        return as(s.owner()).body(Map.of("name", name, "permissions", List.of(permissions)))
                .post(s.path("/permission-groups")).then().statusCode(201).extract().path("id");
    }

    static String client(Scenario s, TestPerson person) {
        return as(s.owner()).body(Map.of("email", person.email(), "displayName", person.displayName()))
                .post(s.path("/clients")).then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.equalTo(code));
    }
}
