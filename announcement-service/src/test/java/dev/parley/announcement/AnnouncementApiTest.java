package dev.parley.announcement;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.parley.announcement.Announcements.create;
import static dev.parley.announcement.Announcements.createDraft;
import static dev.parley.announcement.Announcements.draft;
import static dev.parley.announcement.Announcements.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The announcements API over HTTP with real Keycloak tokens: shapes, drafts, who may use it, bad input. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AnnouncementApiTest {
    private final TestPerson sender = Keycloak.person("Sandra");
    private final TestPerson viewer = Keycloak.person("Victor");
    private final TestPerson clientPerson = Keycloak.person("Clara");
    private final IdentityFixture.Workspace ws = IdentityFixture.workspace();
    private final IdentityFixture.Workspace other = IdentityFixture.workspace();
    private UUID clientId;

    @Inject
    IdentityDirectory directory;

    @BeforeEach
    void people() {
        ws.member(sender, Permission.ANNOUNCEMENTS_SEND, Permission.CHATS_ACCESS);
        ws.member(viewer, Permission.CHATS_ACCESS, Permission.CHATS_REPLY, Permission.CLIENTS_MANAGE);
        clientId = ws.client(clientPerson);
        other.owner(sender);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), sender.userId()).isPresent()
                && directory.principal(ws.id(), viewer.userId()).isPresent()
                && directory.client(ws.id(), clientId).isPresent()
                && directory.principal(other.id(), sender.userId()).isPresent());
    }

    @Test
    void aDraftIsCreatedEditedAndReadBackInTheDesignShape() {
        UUID id = createDraft(sender, ws.id(), draft("Closed on Monday", "ALL_CLIENTS", null, "DIRECT"));
        Announcements.get(sender, ws.id(), id).statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("body", equalTo("Closed on Monday"))
                .body("attachmentIds", hasSize(0))
                .body("highlighted", is(true))
                .body("audience.kind", equalTo("ALL_CLIENTS"))
                .body("audience.ids", nullValue())
                .body("delivery", equalTo("DIRECT"))
                .body("status", equalTo("DRAFT"))
                .body("stats.recipients", is(0)).body("stats.delivered", is(0)).body("stats.read", is(0));

        UUID attachment = UUID.randomUUID();
        Map<String, Object> edited = Map.of("body", "Closed on Tuesday", "attachmentIds", List.of(attachment),
                "audience", Map.of("kind", "CLIENTS", "ids", List.of(clientId)), "delivery", "DIRECT");
        given().auth().oauth2(sender.token()).contentType("application/json").body(edited)
                .put(path(ws.id()) + "/" + id).then().statusCode(200)
                .body("body", equalTo("Closed on Tuesday"))
                .body("highlighted", is(false))
                .body("attachmentIds", contains(attachment.toString()))
                .body("audience.ids", contains(clientId.toString()));
        Announcements.get(sender, ws.id(), id).statusCode(200).body("body", equalTo("Closed on Tuesday"));
    }

    @Test
    void theListIsNewestFirstWithAnOpaqueCursor() {
        UUID first = createDraft(sender, ws.id(), draft("one", "ALL_CLIENTS", null, "DIRECT"));
        UUID second = createDraft(sender, ws.id(), draft("two", "ALL_CLIENTS", null, "DIRECT"));
        UUID third = createDraft(sender, ws.id(), draft("three", "ALL_CLIENTS", null, "DIRECT"));
        String cursor = given().auth().oauth2(sender.token()).queryParam("limit", 2).get(path(ws.id())).then()
                .statusCode(200).body("items.id", contains(third.toString(), second.toString()))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().auth().oauth2(sender.token()).queryParam("limit", 2).queryParam("cursor", cursor).get(path(ws.id()))
                .then().statusCode(200).body("items.id", contains(first.toString())).body("nextCursor", nullValue());
        given().auth().oauth2(sender.token()).queryParam("limit", 101).get(path(ws.id())).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        given().auth().oauth2(sender.token()).queryParam("cursor", "garbage!").get(path(ws.id())).then().statusCode(400);
    }

    @Test
    void aMemberWithoutAnnouncementsSendGets403() {
        UUID id = createDraft(sender, ws.id(), draft("hello", "ALL_CLIENTS", null, "DIRECT"));
        given().auth().oauth2(viewer.token()).get(path(ws.id())).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("forbidden"));
        create(viewer, ws.id(), draft("mine", "ALL_CLIENTS", null, "DIRECT")).statusCode(403);
        Announcements.get(viewer, ws.id(), id).statusCode(403);
        Announcements.publish(viewer, ws.id(), id, null).statusCode(403);
        Announcements.cancel(viewer, ws.id(), id).statusCode(403);
        Announcements.get(sender, ws.id(), id).body("status", equalTo("DRAFT"));
    }

    @Test
    void clientsStrangersAndOtherWorkspacesGet404AndNoTokenGets401() {
        UUID id = createDraft(sender, ws.id(), draft("hello", "ALL_CLIENTS", null, "DIRECT"));
        TestPerson stranger = Keycloak.person("Stan");
        for (TestPerson nobody : List.of(clientPerson, stranger)) {
            given().auth().oauth2(nobody.token()).get(path(ws.id())).then().statusCode(404)
                    .contentType("application/problem+json").body("code", equalTo("not-found"));
            Announcements.get(nobody, ws.id(), id).statusCode(404);
            create(nobody, ws.id(), draft("x", "ALL_CLIENTS", null, "DIRECT")).statusCode(404);
            Announcements.publish(nobody, ws.id(), id, null).statusCode(404);
            Announcements.cancel(nobody, ws.id(), id).statusCode(404);
        }
        // the sender owns the other workspace, but this announcement is not there
        Announcements.get(sender, other.id(), id).statusCode(404);
        Announcements.publish(sender, other.id(), id, null).statusCode(404);
        Announcements.cancel(sender, other.id(), id).statusCode(404);
        given().auth().oauth2(sender.token()).get(path(other.id())).then().statusCode(200).body("items", hasSize(0));
        given().get(path(ws.id())).then().statusCode(401);
        Announcements.get(sender, ws.id(), id).body("status", equalTo("DRAFT"));
    }

    @Test
    void badInputIs400AndStoresNothing() {
        List<Map<String, Object>> bad = List.of(
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "unknownField", 1),
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "status", "PUBLISHED"),
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "stats", Map.of("recipients", 3)),
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "body", " "),
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "body", "y".repeat(16_001)),
                draft("x", "EVERYONE", null, "DIRECT"),
                draft("x", "CLIENTS", null, "DIRECT"),
                draft("x", "CLIENTS", List.of(UUID.randomUUID()), "DIRECT"),
                draft("x", "ALL_CLIENTS", List.of(clientId), "DIRECT"),
                draft("x", "ALL_CLIENTS", null, "ROOM"),
                draft("x", "ALL_CLIENTS", null, "SMOKE_SIGNAL"),
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "attachmentIds", List.of("not-a-uuid")),
                with(draft("x", "ALL_CLIENTS", null, "DIRECT"), "audience", Map.of("kind", "ALL_CLIENTS", "extra", 1)));
        for (Map<String, Object> request : bad) {
            create(sender, ws.id(), request).statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("validation-failed"));
        }
        given().auth().oauth2(sender.token()).contentType("application/json").body("{\"body\": ").post(path(ws.id()))
                .then().statusCode(400);
        given().auth().oauth2(sender.token()).get(path(ws.id())).then().statusCode(200).body("items", hasSize(0));

        UUID id = createDraft(sender, ws.id(), draft("ok", "ALL_CLIENTS", null, "DIRECT"));
        Announcements.publish(sender, ws.id(), id, Map.of("scheduledAt", Instant.now().minusSeconds(60).toString()))
                .statusCode(400).body("code", equalTo("validation-failed"));
        Announcements.publish(sender, ws.id(), id, Map.of("scheduledAt", "tomorrow")).statusCode(400);
        Announcements.publish(sender, ws.id(), id, Map.of("when", "now")).statusCode(400);
        Announcements.get(sender, ws.id(), id).body("status", equalTo("DRAFT")).body("scheduledAt", nullValue());
    }

    @Test
    void onlyADraftCanBeEditedAndNothingPublishedCanBeCancelledOrPublishedAgain() {
        UUID id = createDraft(sender, ws.id(), draft("now", "CLIENTS", List.of(clientId), "DIRECT"));
        Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("status", equalTo("PUBLISHING"))
                .body("stats.recipients", is(1));
        given().auth().oauth2(sender.token()).contentType("application/json")
                .body(draft("changed", "ALL_CLIENTS", null, "DIRECT")).put(path(ws.id()) + "/" + id)
                .then().statusCode(409).body("code", equalTo("conflict"));
        Announcements.cancel(sender, ws.id(), id).statusCode(409);
        Announcements.publish(sender, ws.id(), id, null).statusCode(409);
        Announcements.get(sender, ws.id(), id).body("body", equalTo("now"));
    }

    private static Map<String, Object> with(Map<String, Object> request, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(request);
        copy.put(field, value);
        return copy;
    }
}
