package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/** GET|PUT notification-preferences, the caller's and a client's, with real tokens and the identity projection. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PreferencesTest {
    private final TestPerson admin = Keycloak.person("Ada");
    private final TestPerson stylist = Keycloak.person("Mia");
    private final TestPerson client = Keycloak.person("Carl");
    private final TestPerson outsider = Keycloak.person("Otto");
    private final TestPerson foreignClient = Keycloak.person("Zed");
    private final IdentityFixture.Workspace ws = IdentityFixture.workspace();
    private final IdentityFixture.Workspace other = IdentityFixture.workspace();
    private UUID clientId;
    private UUID foreignClientId;

    @Inject
    IdentityDirectory directory;

    @BeforeEach
    void people() {
        ws.member(admin, Permission.CLIENTS_MANAGE, Permission.CHATS_ACCESS);
        ws.member(stylist, Permission.CHATS_ACCESS, Permission.CHATS_REPLY);
        clientId = ws.client(client);
        foreignClientId = other.client(foreignClient);
        IdentityFixture.awaitProjected(() -> directory.client(ws.id(), clientId).isPresent()
                && directory.client(other.id(), foreignClientId).isPresent()
                && directory.principal(ws.id(), stylist.userId()).isPresent()
                && directory.principal(ws.id(), admin.userId()).isPresent());
    }

    @Test
    void defaultsThenAChangeThatSticks() {
        given().auth().oauth2(client.token()).get(path()).then().statusCode(200)
                .body("email", is(true)).body("sms", is(false)).body("push", is(true))
                .body("muteAllEmail", is(false)).body("mutedConversationIds", empty());

        UUID muted = UUID.randomUUID();
        given().auth().oauth2(client.token()).contentType(ContentType.JSON)
                .body(body(true, true, false, false, "[\"" + muted + "\",\"" + muted + "\"]"))
                .put(path()).then().statusCode(200)
                .body("sms", is(true)).body("push", is(false)).body("mutedConversationIds", contains(muted.toString()));
        given().auth().oauth2(client.token()).get(path()).then().statusCode(200)
                .body("sms", is(true)).body("push", is(false)).body("mutedConversationIds", contains(muted.toString()));
        // preferences are per person: the stylist still has the defaults
        given().auth().oauth2(stylist.token()).get(path()).then().statusCode(200).body("sms", is(false));
    }

    @Test
    void badInputIs400AndChangesNothing() {
        given().auth().oauth2(stylist.token()).contentType(ContentType.JSON)
                .body("{\"email\":false,\"sms\":false,\"push\":true,\"muteAllEmail\":false,\"mutedConversationIds\":[],\"extra\":1}")
                .put(path()).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation-failed"));
        given().auth().oauth2(stylist.token()).contentType(ContentType.JSON)
                .body("{\"email\":false,\"sms\":false,\"push\":true,\"mutedConversationIds\":[]}")
                .put(path()).then().statusCode(400).body("code", equalTo("validation-failed"));
        given().auth().oauth2(stylist.token()).contentType(ContentType.JSON)
                .body(body(false, false, true, false, "[\"not-a-uuid\"]"))
                .put(path()).then().statusCode(400);
        given().auth().oauth2(stylist.token()).contentType(ContentType.JSON).body("{not json")
                .put(path()).then().statusCode(400);
        given().auth().oauth2(stylist.token()).get(path()).then().statusCode(200).body("email", is(true));
    }

    @Test
    void aMemberWithClientsManageSetsAClientsPreferences() {
        given().auth().oauth2(admin.token()).get(path() + "/clients/" + clientId).then().statusCode(200)
                .body("email", is(true));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body(false, true, true, true, "[]"))
                .put(path() + "/clients/" + clientId).then().statusCode(200).body("muteAllEmail", is(true));
        // the client sees what the member set on their behalf
        given().auth().oauth2(client.token()).get(path()).then().statusCode(200)
                .body("email", is(false)).body("muteAllEmail", is(true)).body("sms", is(true));
    }

    @Test
    void wrongRoleIs403WrongWorkspaceOrClientIs404NoTokenIs401() {
        given().auth().oauth2(stylist.token()).get(path() + "/clients/" + clientId).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().auth().oauth2(stylist.token()).contentType(ContentType.JSON).body(body(false, false, false, false, "[]"))
                .put(path() + "/clients/" + clientId).then().statusCode(403);
        given().auth().oauth2(client.token()).get(path() + "/clients/" + clientId).then().statusCode(403);
        // another workspace's client, and a client id that does not exist
        given().auth().oauth2(admin.token()).get(path() + "/clients/" + foreignClientId).then().statusCode(404)
                .body("code", equalTo("not-found"));
        given().auth().oauth2(admin.token()).get(path() + "/clients/" + UUID.randomUUID()).then().statusCode(404);
        // nobody in the workspace
        given().auth().oauth2(outsider.token()).get(path()).then().statusCode(404);
        given().auth().oauth2(outsider.token()).contentType(ContentType.JSON).body(body(false, false, false, false, "[]"))
                .put(path()).then().statusCode(404);
        given().auth().oauth2(foreignClient.token()).get(path() + "/clients/" + clientId).then().statusCode(404);
        given().get(path()).then().statusCode(401);
        given().get(path() + "/clients/" + clientId).then().statusCode(401);
        // the client's preferences were not touched by any of that
        given().auth().oauth2(client.token()).get(path()).then().statusCode(200).body("email", is(true));
    }

    private String path() {
        return "/api/v1/workspaces/" + ws.id() + "/notification-preferences";
    }

    private static String body(boolean email, boolean sms, boolean push, boolean muteAllEmail, String muted) {
        return "{\"email\":" + email + ",\"sms\":" + sms + ",\"push\":" + push + ",\"muteAllEmail\":" + muteAllEmail
                + ",\"mutedConversationIds\":" + muted + "}";
    }
}
