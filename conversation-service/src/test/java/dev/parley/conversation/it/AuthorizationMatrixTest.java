package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.AccessTable;
import dev.parley.common.testing.Actors;
import dev.parley.common.testing.HostileInput;
import dev.parley.common.testing.EndpointMatrixTest;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every endpoint of this service × every actor of {@link Actors}, with real tokens; the conversation is the CLIENT
 * conversation of {@code client} (to whom {@code assigned} is assigned) unless a row names another kind
 * ({@code @PRIVATE}: that client's private feed; {@code @ORGANISATION}: organisation A's; {@code @GROUP} and
 * {@code @ANNOUNCEMENT}: rooms the owner made with {@code client}; {@code @INTERNAL}: a room of the owner alone).
 * The expectations are DESIGN section 3's access table written out by hand; an ANNOUNCEMENT room may be made with
 * conversations.manage or announcements.send (AccessPolicy.canCreate; this README). {@link AccessMatrixTest} goes deeper
 * into kinds × participant roles for read, write and manage.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AuthorizationMatrixTest extends EndpointMatrixTest {
    static final String TABLE = """
            METHOD path                                                                       owner admin office member access reply private announce manage settings team clients assigned client orgClient otherWs
            GET    /api/v1/workspaces/{ws}/conversations                                      200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            POST   /api/v1/workspaces/{ws}/conversations                                      201   201   201    403    403    403   403     403      201    403      403  403     403      403    403       404
            POST   /api/v1/workspaces/{ws}/conversations @ANNOUNCEMENT                        201   201   201    403    403    403   403     201      201    403      403  403     403      403    403       404
            GET    /api/v1/workspaces/{ws}/conversations/{id}                                 200   200   200    404    200    404   404     404      404    404      404  404     200      200    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id} @PRIVATE                        200   200   200    404    404    404   200     404      404    404      404  404     404      200    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id} @ORGANISATION                   200   200   200    404    200    404   404     404      404    404      404  404     404      200    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id} @GROUP                          200   200   200    404    200    404   404     404      404    404      404  404     404      200    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id} @ANNOUNCEMENT                   200   200   200    404    200    404   404     404      404    404      404  404     404      200    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id} @INTERNAL                       200   404   404    404    404    404   404     404      404    404      404  404     404      404    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id}/participants                    200   200   200    404    200    404   404     404      404    404      404  404     200      403    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/participants                    201   201   201    404    403    404   404     404      404    404      404  404     403      403    404       404
            PATCH  /api/v1/workspaces/{ws}/conversations/{id}/participants/{userId}           200   200   200    404    403    404   404     404      404    404      404  404     403      403    404       404
            DELETE /api/v1/workspaces/{ws}/conversations/{id}/participants/{userId}           204   204   204    404    403    404   404     404      404    404      404  404     403      403    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id}/messages                        200   200   200    404    200    404   404     404      404    404      404  404     200      200    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/messages                        201   201   201    404    403    404   404     404      404    404      404  404     201      201    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/messages @PRIVATE               201   201   201    404    404    404   201     404      404    404      404  404     404      201    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/messages @ORGANISATION          201   201   201    404    403    404   404     404      404    404      404  404     404      201    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/messages @GROUP                 201   201   201    404    403    404   404     404      404    404      404  404     404      201    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/messages @ANNOUNCEMENT          201   201   201    404    403    404   404     404      404    404      404  404     404      403    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/messages @INTERNAL              201   404   404    404    404    404   404     404      404    404      404  404     404      404    404       404
            PATCH  /api/v1/workspaces/{ws}/conversations/{id}/messages/{messageId}            200   403   403    404    403    404   404     404      404    404      404  404     403      403    404       404
            DELETE /api/v1/workspaces/{ws}/conversations/{id}/messages/{messageId}            204   204   204    404    403    404   404     404      404    404      404  404     403      403    404       404
            POST   /api/v1/workspaces/{ws}/conversations/{id}/read                            204   204   204    404    204    404   404     404      404    404      404  404     204      204    404       404
            GET    /api/v1/workspaces/{ws}/conversations/{id}/receipts                        200   200   200    404    200    404   404     404      404    404      404  404     200      200    404       404
            PUT    /api/v1/workspaces/{ws}/conversations/{id}/me                              200   200   200    404    200    404   404     404      404    404      404  404     200      200    404       404
            GET    /api/v1/workspaces/{ws}/unread                                             200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            POST   /api/v1/workspaces/{ws}/attachments                                        201   201   201    201    201    201   201     201      201    201      201  201     201      201    201       404
            GET    /api/v1/workspaces/{ws}/attachments/{attachmentId}                         200   200   200    404    200    404   404     404      404    404      404  404     200      200    404       404
            GET    /api/v1/workspaces/{ws}/search/messages?q=hello                            200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            """;

    static Actors actors;
    static final Map<String, UUID> conversations = new HashMap<>();
    static UUID ownersMessage;
    static String watcher;

    @Inject
    IdentityDirectory directory;

    @Override
    protected AccessTable build() {
        actors = Actors.fixture(s -> s.privateMessagingEnabled(true), directory);
        IdentityFixture.Workspace ws = actors.fixtureWorkspace();
        UUID wsId = actors.workspaceId();
        TestPerson owner = actors.person("owner");
        TestPerson client = actors.person("client");
        conversations.put("", Api.awaitConversation(owner, wsId, "CLIENT", actors.clientId("client")));
        conversations.put("PRIVATE", Api.awaitConversation(owner, wsId, "PRIVATE", actors.clientId("client")));
        conversations.put("ORGANISATION", Api.awaitConversation(client, wsId, "ORGANISATION", null));
        conversations.put("GROUP", room(owner, "GROUP", List.of(Map.of("userId", client.userId()))));
        conversations.put("ANNOUNCEMENT", room(owner, "ANNOUNCEMENT", List.of(Map.of("userId", client.userId()))));
        conversations.put("INTERNAL", room(owner, "INTERNAL", List.of()));
        watcher = poolMember(ws, wsId);
        ownersMessage = UUID.fromString(Api.post(owner, wsId, conversations.get(""), "hello from the owner", null)
                .then().statusCode(201).extract().path("id"));

        Response uploaded = AttachmentTest.upload(owner, wsId, "menu.png", AttachmentTest.png(100));
        String attachment = uploaded.then().statusCode(201).extract().path("id");
        Api.as(owner).body(Map.of("body", "the menu", "attachmentIds", List.of(attachment)))
                .post(Api.conversation(wsId, conversations.get("")) + "/messages").then().statusCode(201);
        return AccessTable.parse(TABLE, actors)
                .param("attachmentId", call -> attachment)
                .multipart("POST /api/v1/workspaces/{ws}/attachments",
                        call -> new AccessTable.Part("file", "photo.png", AttachmentTest.png(100), "image/png"))
                .param("id", call -> conversations.get(call.variant()).toString())
                .param("userId", call -> call.row().method().equals("DELETE") ? poolMember(ws, wsId) : watcher)
                .param("messageId", call -> call.row().method().equals("DELETE")
                        ? Api.post(owner, wsId, conversations.get(""), "to be deleted", null).then().statusCode(201)
                        .extract().<String>path("id") : ownersMessage.toString())
                .body("POST /api/v1/workspaces/{ws}/conversations", call -> Map.of("kind",
                        call.variant().isEmpty() ? "GROUP" : call.variant(), "name", "Room of " + call.actor()))
                .body("POST /api/v1/workspaces/{ws}/conversations/{id}/participants",
                        call -> Map.of("userId", newMember(ws, wsId), "role", "WATCHER"))
                .body("PATCH /api/v1/workspaces/{ws}/conversations/{id}/participants/{userId}", call -> Map.of("role", "WATCHER"))
                .body("POST /api/v1/workspaces/{ws}/conversations/{id}/messages",
                        call -> Map.of("body", call.actor() + " writes"))
                .body("PATCH /api/v1/workspaces/{ws}/conversations/{id}/messages/{messageId}",
                        call -> Map.of("body", "edited by " + call.actor()))
                .body("POST /api/v1/workspaces/{ws}/conversations/{id}/read", call -> Map.of("upToSeq", 1))
                .body("PUT /api/v1/workspaces/{ws}/conversations/{id}/me", call -> Map.of("muted", false));
    }

    private static UUID room(TestPerson owner, String kind, List<Map<String, Object>> participants) {
        Response response = Api.as(owner).body(Map.of("kind", kind, "name", kind + " room", "participants", participants))
                .post(Api.ws(actors.workspaceId()) + "/conversations");
        if (response.statusCode() != 201) {
            throw new AssertionError("create " + kind + ": " + response.statusCode() + " " + response.asString());
        }
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    /** A member who never signs in (no Keycloak user needed), projected here. */
    private String newMember(IdentityFixture.Workspace ws, UUID wsId) {
        String userId = UUID.randomUUID().toString();
        UUID memberId = ws.member(userId, "Pool " + userId.substring(0, 8), userId + "@test.parley.local");
        IdentityFixture.awaitProjected(() -> directory.member(wsId, memberId).isPresent());
        return userId;
    }

    /** A new member added to the CLIENT conversation as a WATCHER by the owner; returns their user id. */
    private String poolMember(IdentityFixture.Workspace ws, UUID wsId) {
        String userId = newMember(ws, wsId);
        Api.as(actors.person("owner")).body(Map.of("userId", userId, "role", "WATCHER"))
                .post(Api.conversation(wsId, conversations.get("")) + "/participants").then().statusCode(201);
        return userId;
    }

    @Override
    protected HostileInput hostile(AccessTable table) {
        String messages = "POST /api/v1/workspaces/{ws}/conversations/{id}/messages";
        return new HostileInput(table)
                .inert(messages, "body", (call, posted) -> Api.as(actors.person("owner"))
                        .get(Api.conversation(actors.workspaceId(), conversations.get("")) + "/messages?after="
                                + (posted.jsonPath().getLong("seq") - 1) + "&limit=1")
                        .then().statusCode(200).extract().jsonPath().getString("items[0].body"))
                .inert("POST /api/v1/workspaces/{ws}/conversations", "name", (call, created) -> Api.as(actors.person("owner"))
                        .get(Api.conversation(actors.workspaceId(), UUID.fromString(created.jsonPath().getString("id"))))
                        .then().statusCode(200).extract().jsonPath().getString("name"))
                .serverOwned(messages, "seq", "sender", "conversationId", "kind", "highlighted", "announcementId",
                        "deleted", "editedAt")
                .serverOwned("POST /api/v1/workspaces/{ws}/conversations", "lastSeq", "unreadCount", "clientId",
                        "organisationId", "muted", "archived")
                .serverOwned("PATCH /api/v1/workspaces/{ws}/conversations/{id}/messages/{messageId}", "seq", "sender",
                        "editedAt", "deleted")
                .stored(messages, call -> Api.history(actors.person("owner"), actors.workspaceId(),
                        conversations.get(""), "limit=100").size())
                .stored("POST /api/v1/workspaces/{ws}/conversations",
                        call -> Api.list(actors.person("owner"), actors.workspaceId(), "limit=100").getList("items").size())
                .stored("PATCH /api/v1/workspaces/{ws}/conversations/{id}/messages/{messageId}",
                        call -> Api.history(actors.person("owner"), actors.workspaceId(), conversations.get(""), "limit=100")
                                .stream().filter(m -> ownersMessage.toString().equals(m.get("id"))).toList());
    }
}
