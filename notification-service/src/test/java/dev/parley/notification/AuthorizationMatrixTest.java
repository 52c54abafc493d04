package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.AccessTable;
import dev.parley.common.testing.Actors;
import dev.parley.common.testing.HostileInput;
import dev.parley.common.testing.EndpointMatrixTest;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of this service × every actor of {@link Actors}, with real tokens. Notifications and preferences
 * are the caller's own (another person's notification is 404); a client's preferences need clients.manage; the
 * provider bridge settings.manage; inbound email only a mail provider's service account (every person: 403).
 * {@code @others}: the owner's notification, read by someone else.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AuthorizationMatrixTest extends EndpointMatrixTest {
    static final String TABLE = """
            METHOD path                                                                       owner admin office member access reply private announce manage settings team clients assigned client orgClient otherWs
            GET    /api/v1/workspaces/{ws}/notifications                                      200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            POST   /api/v1/workspaces/{ws}/notifications/{notificationId}/read                204   204   204    204    204    204   204     204      204    204      204  204     204      204    204       404
            POST   /api/v1/workspaces/{ws}/notifications/{notificationId}/read @others        204   404   404    404    404    404   404     404      404    404      404  404     404      404    404       404
            POST   /api/v1/workspaces/{ws}/notifications/read-all                             204   204   204    204    204    204   204     204      204    204      204  204     204      204    204       404
            GET    /api/v1/workspaces/{ws}/notification-preferences                           200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            PUT    /api/v1/workspaces/{ws}/notification-preferences                           200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            GET    /api/v1/workspaces/{ws}/notification-preferences/clients/{clientId}        200   200   200    403    403    403   403     403      403    403      403  200     403      403    403       404
            PUT    /api/v1/workspaces/{ws}/notification-preferences/clients/{clientId}        200   200   200    403    403    403   403     403      403    403      403  200     403      403    403       404
            GET    /api/v1/workspaces/{ws}/notification-bridge                                200   200   403    403    403    403   403     403      403    200      403  403     403      403    403       404
            PUT    /api/v1/workspaces/{ws}/notification-bridge                                200   200   403    403    403    403   403     403      403    200      403  403     403      403    403       404
            POST   /api/v1/inbound-email                                                      403   403   403    403    403    403   403     403      403    403      403  403     403      403    403       403
            """;

    static Actors actors;
    static final Map<String, String> notificationOf = new HashMap<>();

    @Inject
    IdentityDirectory directory;

    @Override
    protected AccessTable build() {
        actors = Actors.fixture(s -> s.privateMessagingEnabled(true), directory);
        UUID wsId = actors.workspaceId();
        // one message seen by everybody in the workspace: each person gets a notification of their own
        String sender = UUID.randomUUID().toString(); // nobody of the cast, so everybody of it is notified
        List<String> everybody = Actors.PEOPLE.stream().filter(a -> !a.equals("otherWs")).map(a -> actors.person(a).userId()).toList();
        UUID conversation = UUID.randomUUID();
        UUID message = UUID.randomUUID();
        TestEvents.publish(conversation.toString(), new MessagePosted(wsId, conversation, "GROUP", null, message, 1,
                "TEXT", new MessageSender(sender, "MEMBER", "Someone"), "hello everybody", List.of(),
                false, null, null, Instant.now(), everybody));
        for (String actor : Actors.PEOPLE) {
            if (actor.equals("otherWs")) {
                continue;
            }
            // found by its message: other conversation-services on the shared stack answer the fixture's clients
            // with welcome messages of their own, which this instance notifies too (README, flaky tests)
            String find = "items.find { it.messageId == '" + message + "' }.id";
            await().atMost(Duration.ofSeconds(120)).until(() -> inbox(actors.person(actor)).getString(find) != null);
            notificationOf.put(actor, inbox(actors.person(actor)).getString(find));
        }
        given().auth().oauth2(actors.person("owner").token()).contentType("application/json")
                .body(Map.of("url", "http://127.0.0.1:9/bridge", "secret", "a-secret-of-sixteen-chars"))
                .put("/api/v1/workspaces/" + wsId + "/notification-bridge").then().statusCode(200);

        return AccessTable.parse(TABLE, actors)
                // the owner's for the @others row, and for callers without one (otherWs, the bad tokens)
                .param("notificationId", call -> call.variant().equals("others") ? notificationOf.get("owner")
                        : notificationOf.getOrDefault(call.actor(), notificationOf.get("owner")))
                .param("clientId", call -> actors.clientId("client").toString())
                .body("PUT /api/v1/workspaces/{ws}/notification-preferences", call -> preferences())
                .body("PUT /api/v1/workspaces/{ws}/notification-preferences/clients/{clientId}", call -> preferences())
                .body("PUT /api/v1/workspaces/{ws}/notification-bridge",
                        call -> Map.of("url", "http://127.0.0.1:9/bridge", "secret", "a-secret-of-sixteen-chars"))
                // bytes: REST Assured sends a String only in content types it knows how to encode
                .body("POST /api/v1/inbound-email", call -> "From: someone@test.parley.local\r\nSubject: hi\r\n\r\nhello\r\n"
                        .getBytes(StandardCharsets.UTF_8))
                .contentType("POST /api/v1/inbound-email", "message/rfc822");
    }

    private static Map<String, Object> preferences() {
        return Map.of("email", true, "sms", false, "push", true, "muteAllEmail", false, "mutedConversationIds", List.of());
    }

    private static JsonPath inbox(TestPerson person) {
        return given().auth().oauth2(person.token()).get("/api/v1/workspaces/" + actors.workspaceId() + "/notifications")
                .then().statusCode(200).extract().jsonPath();
    }

    @Override
    protected HostileInput hostile(AccessTable table) {
        String mine = "PUT /api/v1/workspaces/{ws}/notification-preferences";
        return new HostileInput(table)
                .stored(mine, call -> given().auth().oauth2(actors.person(call.actor()).token())
                        .get("/api/v1/workspaces/" + actors.workspaceId() + "/notification-preferences").asString());
    }
}
