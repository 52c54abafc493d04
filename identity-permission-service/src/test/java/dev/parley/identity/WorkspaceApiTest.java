package dev.parley.identity;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.parley.identity.Api.anonymous;
import static dev.parley.identity.Api.as;
import static dev.parley.identity.Api.problem;
import static org.hamcrest.Matchers.*;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WorkspaceApiTest {

    @Test
    void creatorBecomesOwnerWithEveryPermissionAndDefaultSettings() {
        Api.Scenario s = Api.workspace("Olivia");
        as(s.owner()).get(s.path("")).then().statusCode(200)
                .body("id", equalTo(s.workspaceId().toString()))
                .body("name", equalTo("Olivia's salon"))
                .body("createdAt", notNullValue());
        as(s.owner()).get(s.path("/settings/chat")).then().statusCode(200)
                .body("messagingEnabled", equalTo(true))
                .body("contactButtonAfterBooking", equalTo(true))
                .body("readReceipts", equalTo(true))
                .body("typingIndicator", equalTo(true))
                .body("privateMessagingEnabled", equalTo(false))
                .body("defaultClientChannel", equalTo("INDIVIDUAL"))
                .body("welcomeMessage", not(emptyString()))
                .body("clientsSeeParticipants", equalTo(false))
                .body("historyVisibleToNewParticipants", equalTo(true))
                .body("attachmentMaxBytes", equalTo(26214400))
                .body("emailDigestMinutes", equalTo(30));
        as(s.owner()).get("/api/v1/me").then().statusCode(200)
                .body("userId", equalTo(s.owner().userId()))
                .body("workspaces.find { it.workspaceId == '" + s.workspaceId() + "' }.role", equalTo("MEMBER"))
                .body("workspaces.find { it.workspaceId == '" + s.workspaceId() + "' }.permissions", hasItems(
                        "chats.access", "chats.reply", "private.access", "announcements.send", "conversations.manage",
                        "settings.manage", "team.manage", "clients.manage"));
    }

    @Test
    void settingsChangeNeedsSettingsManageAndApplies() {
        Api.Scenario s = Api.workspace("Sam");
        TestPerson tom = Keycloak.person("Tom");
        Api.member(s, tom, Api.groupId(s, "Team member"));

        problem(as(tom).body(Map.of("messagingEnabled", false)).put(s.path("/settings/chat")).then(), 403, "forbidden");
        as(tom).get(s.path("/settings/chat")).then().statusCode(200).body("messagingEnabled", equalTo(true));

        as(s.owner()).body(Map.of("messagingEnabled", false, "welcomeMessage", "Hello from the salon"))
                .put(s.path("/settings/chat")).then().statusCode(200)
                .body("messagingEnabled", equalTo(false)).body("welcomeMessage", equalTo("Hello from the salon"))
                .body("readReceipts", equalTo(true));
        as(tom).get(s.path("/settings/chat")).then().body("messagingEnabled", equalTo(false));
    }

    @Test
    void badSettingsAre400AndNothingChanges() {
        Api.Scenario s = Api.workspace("Bea");
        problem(as(s.owner()).body(Map.of("defaultClientChannel", "EVERYONE")).put(s.path("/settings/chat")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("emailDigestMinutes", 0)).put(s.path("/settings/chat")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("readReceipts", false, "colour", "blue")).put(s.path("/settings/chat")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("readReceipts", false, "welcomeMessage", "x".repeat(2001))).put(s.path("/settings/chat")).then(), 400, "validation-failed");
        as(s.owner()).get(s.path("/settings/chat")).then().body("readReceipts", equalTo(true)).body("defaultClientChannel", equalTo("INDIVIDUAL"));
    }

    @Test
    void badWorkspaceInputIs400() {
        TestPerson p = Keycloak.person("Vic");
        problem(as(p).body(Map.of("name", "x".repeat(201))).post("/api/v1/workspaces").then(), 400, "validation-failed");
        problem(as(p).body(Map.of("name", " ")).post("/api/v1/workspaces").then(), 400, "validation-failed");
        problem(as(p).body(Map.of("name", "Ok", "id", "00000000-0000-7000-8000-000000000000")).post("/api/v1/workspaces").then(), 400, "validation-failed");
        as(p).get("/api/v1/me").then().statusCode(200).body("workspaces", empty());
    }

    @Test
    void strangersGet404AndNoTokenGets401() {
        Api.Scenario s = Api.workspace("Uma");
        TestPerson stranger = Keycloak.person("Stranger");
        problem(as(stranger).get(s.path("")).then(), 404, "not-found");
        problem(as(stranger).get(s.path("/settings/chat")).then(), 404, "not-found");
        problem(as(stranger).body(Map.of("readReceipts", false)).put(s.path("/settings/chat")).then(), 404, "not-found");
        anonymous().get(s.path("")).then().statusCode(401);
        anonymous().get("/api/v1/me").then().statusCode(401);
        anonymous().body(Map.of("name", "x")).post("/api/v1/workspaces").then().statusCode(401);
        anonymous().body(Map.of("readReceipts", false)).put(s.path("/settings/chat")).then().statusCode(401);
    }
}
