package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.UntrustedEvents;
import dev.parley.events.conversation.ConversationDeleted;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.conversation.ParticipantAdded;
import dev.parley.events.conversation.ParticipantRemoved;
import dev.parley.events.identity.ClientRegistered;
import dev.parley.notification.repository.ParticipantRepository;
import dev.parley.notification.service.RecipientAccess;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This service's consumers against events that lie: data of one workspace under another's envelope is
 * dead-lettered with no effect; a MessagePosted naming people outside its workspace notifies none of them (no
 * preview, push or email reaches a stranger); conversation events of another workspace that name this workspace's
 * conversation (its ids are no secret to someone who was once in it) neither remove its participants nor delete it
 * here, nor, arriving first, keep this workspace's own events from being recorded (every projection key holds the
 * workspace). "Nothing" is checked in the database once the event was processed.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class UntrustedEventsTest {
    @Inject
    IdentityDirectory directory;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ConversationEvents conversationEvents;

    @Inject
    ParticipantRepository participants;

    @Inject
    RecipientAccess access;

    TestPerson sender;
    TestPerson recipient;
    TestPerson stranger;
    IdentityFixture.Workspace ws;
    IdentityFixture.Workspace other;

    @BeforeEach
    void scenario() {
        sender = Keycloak.person("Sam");
        recipient = Keycloak.person("Rita");
        stranger = Keycloak.person("Stranger");
        ws = IdentityFixture.workspace();
        ws.member(sender);
        ws.member(recipient);
        other = IdentityFixture.workspace();
        other.owner(stranger);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), recipient.userId()).isPresent()
                && directory.principal(other.id(), stranger.userId()).isPresent());
    }

    @Test
    void anIdentityEventWhoseDataNamesAnotherWorkspaceThanItsEnvelopeIsDeadLetteredAndChangesNothing() {
        UUID clientId = IdentityFixture.uuidV7();
        UntrustedEvents.assertDeadLettered("identity-events", ws.id().toString(), new ClientRegistered(ws.id(), clientId,
                stranger.userId(), "Intruder", stranger.email(), null, null, Instant.now()), other.id());
        assertTrue(directory.client(ws.id(), clientId).isEmpty());
        assertTrue(directory.principal(ws.id(), stranger.userId()).isEmpty());
    }

    @Test
    void aMessagePostedUnderAnotherWorkspacesEnvelopeIsDeadLetteredAndNotifiesNobody() {
        MessagePosted posted = posted(List.of(recipient.userId()));
        UntrustedEvents.assertDeadLettered("message-events", posted.conversationId().toString(), posted, other.id());
        assertEquals(0, notifications(ws.id(), recipient.userId(), posted.messageId()));
    }

    @Test
    void aMessagePostedNamingAStrangerAmongItsReadersNotifiesOnlyThePeopleOfTheWorkspace() {
        MessagePosted posted = posted(List.of(recipient.userId(), stranger.userId()));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, "notification-service.messages",
                posted.conversationId().toString(), posted);
        assertEquals(1, notifications(ws.id(), recipient.userId(), posted.messageId()), "the member is notified");
        assertEquals(0, notifications(ws.id(), stranger.userId(), posted.messageId()), "the stranger is not");
    }

    @Test
    void aParticipantAddedUnderAnotherWorkspacesEnvelopeIsDeadLetteredAndAddsNobody() {
        UUID conversation = UUID.randomUUID();
        UntrustedEvents.assertDeadLettered("conversation-events", conversation.toString(), new ParticipantAdded(ws.id(),
                conversation, "GROUP", stranger.userId(), "MEMBER", "AGENT", "WRITE", "Stranger", "conversation-service",
                Instant.now()), other.id());
        assertEquals(Optional.empty(), participation(conversation, stranger.userId()));
    }

    @Test
    void anotherWorkspacesConversationEventsNamingThisWorkspacesConversationChangeNothingHere() {
        UUID conversation = UUID.randomUUID();
        conversationEvents.added(ws.id(), conversation, "GROUP", false, recipient);
        Notification notification = new Notification(UUID.randomUUID(), ws.id(), recipient.userId(), conversation,
                UUID.randomUUID(), "hello", Instant.now(), "GROUP", null, 1L, sender.displayName());
        assertEquals(RecipientAccess.Verdict.MAY_READ, verdict(notification), "the participant reads the GROUP room");

        // data and envelope agree on the other workspace (well formed, so not poison); the conversation is ws's
        String consumer = "notification-service.conversations";
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, conversation.toString(), new ParticipantRemoved(
                other.id(), conversation, "GROUP", recipient.userId(), "MEMBER", "conversation-service", Instant.now()));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, conversation.toString(), new ConversationDeleted(
                other.id(), conversation, "GROUP", null, "forged", Instant.now()));

        assertEquals(Optional.of(true), participation(conversation, recipient.userId()), "still a participant");
        assertEquals(RecipientAccess.Verdict.MAY_READ, verdict(notification), "still reads it: not deleted here");
    }

    @Test
    void anotherWorkspacesConversationEventsArrivingFirstDoNotKeepThisWorkspacesEventsOut() {
        String consumer = "notification-service.conversations";
        // the forged events come first and take whatever key they can; the honest ones of ws follow
        UUID room = UUID.randomUUID();
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, room.toString(), new ParticipantRemoved(
                other.id(), room, "GROUP", recipient.userId(), "MEMBER", "conversation-service", Instant.now()));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, room.toString(), new ParticipantAdded(ws.id(),
                room, "GROUP", recipient.userId(), "MEMBER", "AGENT", "WRITE", recipient.displayName(),
                "conversation-service", Instant.now()));
        assertEquals(Optional.of(true), participation(room, recipient.userId()), "ws's ParticipantAdded is recorded");

        UUID deleted = UUID.randomUUID();
        conversationEvents.added(ws.id(), deleted, "GROUP", false, recipient);
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, deleted.toString(), new ConversationDeleted(
                other.id(), deleted, "GROUP", null, "forged", Instant.now()));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, deleted.toString(), new ConversationDeleted(
                ws.id(), deleted, "GROUP", null, "client deleted", Instant.now()));
        Notification notification = new Notification(UUID.randomUUID(), ws.id(), recipient.userId(), deleted,
                UUID.randomUUID(), "hello", Instant.now(), "GROUP", null, 1L, sender.displayName());
        assertEquals(RecipientAccess.Verdict.NO_ACCESS, verdict(notification), "ws's ConversationDeleted is recorded");
    }

    @Test
    void anotherWorkspacesMessagePostedNamingTheSameMessageIdFirstDoesNotKeepThisWorkspacesNotificationOut() {
        other.member(recipient); // one person in both workspaces: the other workspace's event may name them
        IdentityFixture.awaitProjected(() -> directory.principal(other.id(), recipient.userId()).isPresent());
        MessagePosted honest = posted(List.of(recipient.userId()));
        MessagePosted forged = new MessagePosted(other.id(), UUID.randomUUID(), "GROUP", null, honest.messageId(), 1,
                "TEXT", new MessageSender(stranger.userId(), "MEMBER", stranger.displayName()), "forged", List.of(),
                false, null, null, Instant.now(), List.of(recipient.userId()));
        String consumer = "notification-service.messages";
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, forged.conversationId().toString(), forged);
        UntrustedEvents.publishAndAwaitProcessed(dataSource, consumer, honest.conversationId().toString(), honest);
        assertEquals(1, notifications(ws.id(), recipient.userId(), honest.messageId()), "notified in ws");
    }

    private Optional<Boolean> participation(UUID conversation, String userId) {
        return QuarkusTransaction.requiringNew().call(() -> participants.participation(ws.id(), conversation, userId));
    }

    private RecipientAccess.Verdict verdict(Notification notification) {
        return QuarkusTransaction.requiringNew().call(() -> access.of(notification));
    }

    private MessagePosted posted(List<String> visibleTo) {
        UUID conversation = UUID.randomUUID();
        return new MessagePosted(ws.id(), conversation, "GROUP", null, UUID.randomUUID(), 1, "TEXT",
                new MessageSender(sender.userId(), "MEMBER", sender.displayName()), "hello", List.of(), false, null, null,
                Instant.now(), visibleTo);
    }

    private long notifications(UUID workspaceId, String userId, UUID messageId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select count(*) from notification where workspace_id = ? and user_id = ? and message_id = ?")) {
            s.setObject(1, workspaceId);
            s.setString(2, userId);
            s.setObject(3, messageId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
