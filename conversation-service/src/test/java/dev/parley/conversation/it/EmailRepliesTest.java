package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.conversation.messaging.NotificationEventsConsumer;
import dev.parley.events.Topics;
import dev.parley.events.notification.EmailReplyReceived;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** EmailReplyReceived from parley.notifications.v1, applied once per Message-ID, only for people who may write. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EmailRepliesTest {

    @Inject
    IdentityDirectory directory;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aReplyDeliveredTwiceOrUnderASecondEventIdIsPostedOnceAsItsSender() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.client(carla);
        UUID conversation = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        EmailReplyReceived reply = reply(ws.id(), conversation, carla.userId(), "Thursday at 3 works for me",
                "<CAF" + UUID.randomUUID() + "@mail.example.com>");

        try (TopicWatcher topic = TopicWatcher.open(Topics.NOTIFICATIONS)) {
            UUID first = TestEvents.publish(conversation.toString(), reply);
            var sent = topic.await(r -> first.toString().equals(TopicWatcher.header(r, "ce_id")), 1);
            TestEvents.redeliver(sent.get(0)); // the same record again, byte for byte
        }
        UUID second = TestEvents.publish(conversation.toString(), reply); // the notification service publishing it again
        awaitApplied(second);

        List<Map<String, Object>> replies = Api.history(owner, ws.id(), conversation, null).stream()
                .filter(m -> "Thursday at 3 works for me".equals(m.get("body"))).toList();
        assertEquals(1, replies.size(), "posted once");
        Map<String, Object> posted = replies.get(0);
        assertEquals("TEXT", posted.get("kind"));
        assertEquals(carla.userId(), ((Map<?, ?>) posted.get("sender")).get("userId"), "as the person who replied");
    }

    @Test
    void aVeryLongMessageIdStillDeduplicates() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.client(carla);
        UUID conversation = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        String longId = "<" + "x".repeat(400) + UUID.randomUUID() + "@mail.example.com>";
        EmailReplyReceived reply = reply(ws.id(), conversation, carla.userId(), "long id reply", longId);
        TestEvents.publish(conversation.toString(), reply);
        awaitApplied(TestEvents.publish(conversation.toString(), reply));
        assertEquals(1, Api.history(owner, ws.id(), conversation, null).stream()
                .filter(m -> "long id reply".equals(m.get("body"))).count());
    }

    @Test
    void someoneWhoMayNotWriteThereGetsNothingPostedAndTheNextReplyStillApplies() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        TestPerson reader = Keycloak.person("Rita");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        UUID rita = ws.member(reader, Permission.CHATS_ACCESS); // reads every client chat, may not reply
        ws.client(carla);
        IdentityFixture.awaitProjected(() -> directory.member(ws.id(), rita).isPresent());
        UUID conversation = Api.awaitConversation(carla, ws.id(), "CLIENT", null);

        UUID readOnly = TestEvents.publish(conversation.toString(),
                reply(ws.id(), conversation, reader.userId(), "from a reader", "<r-" + UUID.randomUUID() + "@x>"));
        UUID stranger = TestEvents.publish(conversation.toString(),
                reply(ws.id(), conversation, "nobody-" + UUID.randomUUID(), "from nobody", "<n-" + UUID.randomUUID() + "@x>"));
        UUID fine = TestEvents.publish(conversation.toString(),
                reply(ws.id(), conversation, carla.userId(), "from Carla", "<c-" + UUID.randomUUID() + "@x>"));
        awaitApplied(readOnly);
        awaitApplied(stranger);
        awaitApplied(fine);

        List<Object> bodies = Api.history(owner, ws.id(), conversation, null).stream().map(m -> m.get("body")).toList();
        assertFalse(bodies.contains("from a reader"), "chats.access without chats.reply writes nothing");
        assertFalse(bodies.contains("from nobody"));
        assertEquals(1, bodies.stream().filter("from Carla"::equals).count(), "the partition moved on");
    }

    @Test
    void withMessagingOffNothingIsPosted() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.client(carla);
        UUID conversation = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        ws.settings(s -> s.messagingEnabled(false));
        IdentityFixture.awaitProjected(() -> !directory.workspace(ws.id()).orElseThrow().messagingEnabled());

        UUID off = TestEvents.publish(conversation.toString(),
                reply(ws.id(), conversation, carla.userId(), "while it was off", "<off-" + UUID.randomUUID() + "@x>"));
        awaitApplied(off);
        ws.settings(s -> s.messagingEnabled(true));
        IdentityFixture.awaitProjected(() -> directory.workspace(ws.id()).orElseThrow().messagingEnabled());
        UUID on = TestEvents.publish(conversation.toString(),
                reply(ws.id(), conversation, carla.userId(), "once it is on", "<on-" + UUID.randomUUID() + "@x>"));
        awaitApplied(on);

        List<Object> bodies = Api.history(owner, ws.id(), conversation, null).stream().map(m -> m.get("body")).toList();
        assertFalse(bodies.contains("while it was off"), "a reply that arrived while messaging was off is dropped");
        assertEquals(1, bodies.stream().filter("once it is on"::equals).count());
    }

    private static EmailReplyReceived reply(UUID ws, UUID conversation, String userId, String body, String messageId) {
        return new EmailReplyReceived(ws, conversation, userId, body, messageId, Instant.now());
    }

    /** Waits until the consumer has recorded the event id (its effect committed in the same transaction). */
    private void awaitApplied(UUID eventId) {
        IdentityFixture.awaitProjected(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement(
                         "select 1 from processed_event where consumer = ? and event_id = ?")) {
                s.setString(1, NotificationEventsConsumer.CONSUMER);
                s.setObject(2, eventId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
