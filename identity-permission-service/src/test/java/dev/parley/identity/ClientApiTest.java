package dev.parley.identity;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.parley.identity.Api.anonymous;
import static dev.parley.identity.Api.as;
import static dev.parley.identity.Api.problem;
import static org.hamcrest.Matchers.*;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ClientApiTest {

    @Test
    void clientsAreCreatedUpdatedAndDeleted() {
        Api.Scenario s = Api.workspace("Ada");
        TestPerson carla = Keycloak.person("Carla");
        String clientId = as(s.owner()).body(Map.of("email", carla.email(), "mobile", "+44 7700 900123"))
                .post(s.path("/clients")).then().statusCode(201)
                .header("Location", containsString("/clients/"))
                .body("userId", equalTo(carla.userId()))
                .body("displayName", equalTo(carla.displayName()))
                .body("mobile", equalTo("+447700900123"))
                .body("$", not(hasKey("organisationId")))
                .extract().path("id");
        as(s.owner()).body(Map.of("displayName", "Carla C.", "email", "carla.new@test.parley.local", "mobile", "+33 6 12 34 56 78"))
                .put(s.path("/clients/" + clientId)).then().statusCode(200)
                .body("displayName", equalTo("Carla C.")).body("email", equalTo("carla.new@test.parley.local"))
                .body("mobile", equalTo("+33612345678"));
        // the client reads their own record, and only theirs
        as(carla).get(s.path("/clients/" + clientId)).then().statusCode(200).body("displayName", equalTo("Carla C."));
        problem(as(carla).get(s.path("/clients")).then(), 403, "forbidden");
        as(carla).get("/api/v1/me").then().body("workspaces.find { it.workspaceId == '" + s.workspaceId() + "' }.role", equalTo("CLIENT"))
                .body("workspaces.find { it.workspaceId == '" + s.workspaceId() + "' }.clientId", equalTo(clientId));

        as(s.owner()).delete(s.path("/clients/" + clientId)).then().statusCode(204);
        problem(as(s.owner()).get(s.path("/clients/" + clientId)).then(), 404, "not-found");
        problem(as(carla).get(s.path("")).then(), 404, "not-found");
    }

    @Test
    void newEmailCreatesAKeycloakUser() {
        Api.Scenario s = Api.workspace("Bo");
        String fresh = "client-" + UUID.randomUUID().toString().substring(0, 8) + "@test.parley.local";
        as(s.owner()).body(Map.of("email", fresh, "displayName", "Fresh Client")).post(s.path("/clients")).then()
                .statusCode(201).body("userId", not(emptyOrNullString())).body("displayName", equalTo("Fresh Client"));
        problem(as(s.owner()).body(Map.of("email", fresh)).post(s.path("/clients")).then(), 409, "conflict");
    }

    @Test
    void badContactDetailsAre400AndNothingStored() {
        Api.Scenario s = Api.workspace("Cy");
        TestPerson dee = Keycloak.person("Dee");
        problem(as(s.owner()).body(Map.of("email", "dee@")).post(s.path("/clients")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", dee.email(), "mobile", "12345")).post(s.path("/clients")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", dee.email(), "displayName", "x".repeat(201))).post(s.path("/clients")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", dee.email(), "userId", "someone")).post(s.path("/clients")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", dee.email(), "organisationId", UUID.randomUUID().toString())).post(s.path("/clients")).then(), 400, "validation-failed");
        as(s.owner()).get(s.path("/clients")).then().body("items", empty());

        String id = Api.client(s, dee);
        problem(as(s.owner()).body(Map.of("displayName", "Dee", "email", "nope")).put(s.path("/clients/" + id)).then(), 400, "validation-failed");
        Map<String, Object> badMobile = new HashMap<>(Map.of("displayName", "Dee", "email", dee.email(), "mobile", "+44 77"));
        problem(as(s.owner()).body(badMobile).put(s.path("/clients/" + id)).then(), 400, "validation-failed");
        as(s.owner()).get(s.path("/clients/" + id)).then().body("email", equalTo(dee.email())).body("$", not(hasKey("mobile")));
    }

    @Test
    void organisationsAndMembership() {
        Api.Scenario s = Api.workspace("Eli");
        String acme = as(s.owner()).body(Map.of("name", "Acme")).post(s.path("/organisations")).then().statusCode(201)
                .body("clientIds", empty()).extract().path("id");
        String globex = as(s.owner()).body(Map.of("name", "Globex")).post(s.path("/organisations")).then().statusCode(201).extract().path("id");
        problem(as(s.owner()).body(Map.of("name", "acme")).post(s.path("/organisations")).then(), 409, "conflict");
        String c1 = as(s.owner()).body(Map.of("email", Keycloak.person("Fay").email(), "organisationId", acme))
                .post(s.path("/clients")).then().statusCode(201).body("organisationId", equalTo(acme)).extract().path("id");
        String c2 = Api.client(s, Keycloak.person("Gus"));
        as(s.owner()).post(s.path("/organisations/" + acme + "/clients/" + c2)).then().statusCode(200)
                .body("clientIds", containsInAnyOrder(c1, c2));
        // a client is in one organisation at a time
        as(s.owner()).post(s.path("/organisations/" + globex + "/clients/" + c2)).then().statusCode(200).body("clientIds", contains(c2));
        as(s.owner()).get(s.path("/organisations/" + acme)).then().body("clientIds", contains(c1));
        as(s.owner()).delete(s.path("/organisations/" + globex + "/clients/" + c2)).then().statusCode(204);
        problem(as(s.owner()).delete(s.path("/organisations/" + globex + "/clients/" + c2)).then(), 404, "not-found");
        as(s.owner()).get(s.path("/clients/" + c2)).then().body("$", not(hasKey("organisationId")));
        as(s.owner()).delete(s.path("/organisations/" + acme)).then().statusCode(204);
        as(s.owner()).get(s.path("/clients/" + c1)).then().statusCode(200).body("$", not(hasKey("organisationId")));
        as(s.owner()).get(s.path("/organisations")).then().body("items.name", contains("Globex"));
    }

    @Test
    void assignments() {
        Api.Scenario s = Api.workspace("Hana");
        String tom = Api.member(s, Keycloak.person("Tom"), Api.groupId(s, "Team member"));
        String client = Api.client(s, Keycloak.person("Ian"));
        as(s.owner()).put(s.path("/clients/" + client + "/assignments/" + tom)).then().statusCode(204);
        as(s.owner()).put(s.path("/clients/" + client + "/assignments/" + tom)).then().statusCode(204);
        as(s.owner()).get(s.path("/clients/" + client)).then().body("assignedMemberIds", contains(tom));
        as(s.owner()).delete(s.path("/clients/" + client + "/assignments/" + tom)).then().statusCode(204);
        problem(as(s.owner()).delete(s.path("/clients/" + client + "/assignments/" + tom)).then(), 404, "not-found");
        as(s.owner()).get(s.path("/clients/" + client)).then().body("assignedMemberIds", empty());
    }

    @Test
    void withoutClientsManageIs403() {
        Api.Scenario s = Api.workspace("Jay");
        TestPerson tom = Keycloak.person("Tom");
        String tomId = Api.member(s, tom, Api.groupId(s, "Team member"));
        String client = Api.client(s, Keycloak.person("Kai"));
        String org = as(s.owner()).body(Map.of("name", "Org")).post(s.path("/organisations")).then().extract().path("id");
        as(tom).get(s.path("/clients")).then().statusCode(200).body("items.id", contains(client));
        problem(as(tom).body(Map.of("email", Keycloak.person("Lu").email())).post(s.path("/clients")).then(), 403, "forbidden");
        problem(as(tom).body(Map.of("displayName", "X", "email", "x@test.parley.local")).put(s.path("/clients/" + client)).then(), 403, "forbidden");
        problem(as(tom).delete(s.path("/clients/" + client)).then(), 403, "forbidden");
        problem(as(tom).body(Map.of("name", "Mine")).post(s.path("/organisations")).then(), 403, "forbidden");
        problem(as(tom).post(s.path("/organisations/" + org + "/clients/" + client)).then(), 403, "forbidden");
        problem(as(tom).put(s.path("/clients/" + client + "/assignments/" + tomId)).then(), 403, "forbidden");
        as(s.owner()).get(s.path("/clients/" + client)).then().statusCode(200).body("assignedMemberIds", empty());
    }

    @Test
    void otherWorkspacesIdsAre404AndNoTokenIs401() {
        Api.Scenario mine = Api.workspace("Max");
        Api.Scenario theirs = Api.workspace("Ned");
        String theirClient = Api.client(theirs, Keycloak.person("Oz"));
        String theirOrg = as(theirs.owner()).body(Map.of("name", "Theirs")).post(theirs.path("/organisations")).then().extract().path("id");
        String myMember = Api.member(mine, Keycloak.person("Pat"), Api.groupId(mine, "Team member"));
        String myOrg = as(mine.owner()).body(Map.of("name", "Mine")).post(mine.path("/organisations")).then().extract().path("id");
        problem(as(mine.owner()).get(mine.path("/clients/" + theirClient)).then(), 404, "not-found");
        problem(as(mine.owner()).delete(mine.path("/clients/" + theirClient)).then(), 404, "not-found");
        problem(as(mine.owner()).put(mine.path("/clients/" + theirClient + "/assignments/" + myMember)).then(), 404, "not-found");
        problem(as(mine.owner()).post(mine.path("/organisations/" + myOrg + "/clients/" + theirClient)).then(), 404, "not-found");
        problem(as(mine.owner()).get(mine.path("/organisations/" + theirOrg)).then(), 404, "not-found");
        problem(as(mine.owner()).get(theirs.path("/clients")).then(), 404, "not-found");
        problem(as(mine.owner()).get(theirs.path("/organisations")).then(), 404, "not-found");
        problem(as(mine.owner()).body(Map.of("email", "x@test.parley.local")).post(theirs.path("/clients")).then(), 404, "not-found");
        anonymous().get(theirs.path("/clients")).then().statusCode(401);
        anonymous().delete(theirs.path("/clients/" + theirClient)).then().statusCode(401);
        anonymous().get(theirs.path("/organisations")).then().statusCode(401);
        anonymous().put(theirs.path("/clients/" + theirClient + "/assignments/" + myMember)).then().statusCode(401);
        as(theirs.owner()).get(theirs.path("/clients/" + theirClient)).then().statusCode(200);
        as(theirs.owner()).get(theirs.path("/organisations")).then().body("items.size()", equalTo(1));
    }
}
