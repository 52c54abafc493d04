package dev.parley.gateway;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.RealtimeClient;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.identity.ChatSettings;
import dev.parley.events.identity.ChatSettingsChanged;
import dev.parley.events.identity.WorkspaceCreated;
import dev.parley.events.notification.NotificationCreated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realtime socket with real Keycloak tokens and real Kafka: events published as the services would publish
 * them reach exactly the sockets of the people allowed to see them.
 */
@QuarkusTest
@QuarkusTestResource(EchoService.class)
class RealtimeTest {
    @TestHTTPResource("/")
    URL gateway;

    private final TestPerson alice = Keycloak.person("Alice");
    private final TestPerson bob = Keycloak.person("Bob");
    private final TestPerson carol = Keycloak.person("Carol");
    private final UUID workspace = UUID.randomUUID();
    private final UUID conversation = UUID.randomUUID();

    @Test
    void aMessageReachesTheSocketsOfThoseWhoMaySeeItAndNobodyElse() throws Exception {
        try (RealtimeClient a = connect(alice); RealtimeClient b = connect(bob); RealtimeClient c = connect(carol)) {
            String messageId = postUntilDelivered(b, "Your dog had a lovely walk");

            await().atMost(Duration.ofSeconds(10)).until(() -> has(a, messageId));
            JsonObject frame = a.ofType("message.posted").get(0);
            assertEquals(workspace.toString(), frame.getString("workspaceId"));
            assertEquals(conversation.toString(), frame.getString("conversationId"));
            assertFalse(frame.getJsonObject("data").containsKey("visibleTo"), "who else may see it is not revealed");
            assertTrue(c.ofType("message.posted").stream().noneMatch(f -> f.encode().contains(conversation.toString())),
                    "Carol may not see the conversation and got nothing");
        }
    }

    @Test
    void typingReachesTheOthersOnlyWhereTheWorkspaceShowsIt() throws Exception {
        settings(true, false, true);
        try (RealtimeClient a = connect(alice); RealtimeClient b = connect(bob); RealtimeClient c = connect(carol)) {
            postUntilDelivered(a, "hello");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                a.send(new JsonObject().put("type", "typing").put("conversationId", conversation.toString()));
                Thread.sleep(200);
                return !b.ofType("typing").isEmpty();
            });
            assertEquals(alice.userId(), b.ofType("typing").get(0).getJsonObject("data").getString("userId"));
            assertTrue(a.ofType("typing").isEmpty(), "the typist does not see their own typing");
            assertTrue(c.ofType("typing").isEmpty(), "Carol is not in the conversation");

            // typing off (and receipts on, which a read frame makes observable): typing now reaches nobody
            settings(false, true, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                TestEvents.publish(conversation.toString(), new MessagesRead(workspace, conversation, "CLIENT",
                        alice.userId(), "MEMBER", 1, Instant.now()));
                Thread.sleep(300);
                return !b.ofType("conversation.read").isEmpty();
            });
            int before = b.ofType("typing").size();
            a.send(new JsonObject().put("type", "typing").put("conversationId", conversation.toString()));
            String marker = postUntilDelivered(b, "marker");
            assertTrue(has(b, marker));
            assertEquals(before, b.ofType("typing").size(), "typing with the indicator off reached someone");
        }
    }

    @Test
    void aNotificationReachesOnlyItsPerson() throws Exception {
        try (RealtimeClient a = connect(alice); RealtimeClient b = connect(bob)) {
            postUntilDelivered(b, "warming up the consumer");
            UUID notificationId = UUID.randomUUID();
            TestEvents.publish(bob.userId(), new NotificationCreated(workspace, notificationId, bob.userId(), conversation,
                    "CLIENT", UUID.randomUUID(), "You have a new message", Instant.now()));
            await().atMost(Duration.ofSeconds(20)).until(() -> b.ofType("notification.created").stream()
                    .anyMatch(f -> notificationId.toString().equals(f.getJsonObject("data").getString("notificationId"))));
            assertFalse(b.ofType("notification.created").get(0).getJsonObject("data").containsKey("workspaceId"));
            assertTrue(a.ofType("notification.created").isEmpty(), "Alice got Bob's notification");
        }
    }

    @Test
    void theSocketIsClosedWhenItsTokenExpires() throws Exception {
        try (RealtimeClient a = RealtimeClient.connect(gateway.getPort(), Keycloak.shortLivedToken(alice))) {
            a.send(new JsonObject().put("type", "ping"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.ofType("pong").isEmpty());
            await().atMost(Duration.ofSeconds(20)).until(() -> a.closeCode != null);
            assertEquals((short) 4001, a.closeCode, "closed with the token-expired code");
        }
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        try (RealtimeClient a = connect(alice)) {
            a.send(new JsonObject().put("type", "ping"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !a.ofType("pong").isEmpty());
        }
    }

    @Test
    void noOrForgedTokenIsRefusedBeforeTheUpgrade() {
        given().get("/api/v1/realtime").then().statusCode(401).body("code", equalTo("unauthorized"));
        String token = alice.token();
        given().header("Authorization", "Bearer " + token.substring(0, token.lastIndexOf('.') + 1) + "eA")
                .get("/api/v1/realtime").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    private void settings(boolean typing, boolean receipts, boolean first) {
        ChatSettings settings = new ChatSettings(true, true, receipts, typing, false, "INDIVIDUAL", "Welcome", false,
                true, 26_214_400, 30);
        if (first) {
            TestEvents.publish(workspace.toString(), new WorkspaceCreated(workspace, "Realtime salon", alice.userId(),
                    settings, Instant.now()));
        } else {
            TestEvents.publish(workspace.toString(), new ChatSettingsChanged(workspace, "Realtime salon", settings,
                    List.of("typingIndicator", "readReceipts"), alice.userId(), Instant.now()));
        }
    }

    /**
     * Posts until {@code receiver} has the message: the gateway's consumer starts reading at the live end, so the
     * first events of a fresh instance may predate its partition assignment. Returns the delivered message id.
     */
    private String postUntilDelivered(RealtimeClient receiver, String body) {
        String[] delivered = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            UUID messageId = UUID.randomUUID();
            TestEvents.publish(conversation.toString(), new MessagePosted(workspace, conversation, "CLIENT", null,
                    messageId, 1, "TEXT", new MessageSender(alice.userId(), "MEMBER", alice.displayName()), body,
                    List.of(), false, null, null, Instant.now(), List.of(alice.userId(), bob.userId())));
            Thread.sleep(300);
            if (has(receiver, messageId.toString())) {
                delivered[0] = messageId.toString();
                return true;
            }
            return false;
        });
        return delivered[0];
    }

    private static boolean has(RealtimeClient client, String messageId) {
        return client.ofType("message.posted").stream()
                .anyMatch(f -> messageId.equals(f.getJsonObject("data").getString("messageId")));
    }

    private RealtimeClient connect(TestPerson person) throws Exception {
        return RealtimeClient.connect(gateway.getPort(), person.token());
    }
}
