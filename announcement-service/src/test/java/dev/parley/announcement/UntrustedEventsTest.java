package dev.parley.announcement;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.UntrustedEvents;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.identity.ClientRegistered;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This service's consumers against events that lie: data naming another workspace than the envelope is
 * dead-lettered; well-formed message events of another workspace that name this workspace's announcement or
 * conversation count no delivery and no read here. "No" is checked once the event was processed, and an honest
 * event after it still counts (so the check could fail).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class UntrustedEventsTest {
    private static final String MESSAGES = "announcement-service.messages";

    @Inject
    IdentityDirectory directory;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anIdentityEventWhoseDataNamesAnotherWorkspaceThanItsEnvelopeIsDeadLetteredAndChangesNothing() {
        TestPerson stranger = Keycloak.person("Stranger");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        IdentityFixture.Workspace other = IdentityFixture.workspace();
        other.owner(stranger);
        UUID clientId = IdentityFixture.uuidV7();
        UntrustedEvents.assertDeadLettered("identity-events", ws.id().toString(), new ClientRegistered(ws.id(), clientId,
                stranger.userId(), "Intruder", stranger.email(), null, null, Instant.now()), other.id());
        assertTrue(directory.client(ws.id(), clientId).isEmpty());
    }

    @Test
    void aMessagePostedUnderAnotherWorkspacesEnvelopeIsDeadLettered() {
        UUID conversation = UUID.randomUUID();
        MessagePosted posted = new MessagePosted(UUID.randomUUID(), conversation, "CLIENT", null, UUID.randomUUID(), 1,
                "ANNOUNCEMENT", new MessageSender(UUID.randomUUID().toString(), "MEMBER", "Someone"), "news", List.of(), true,
                null, UUID.randomUUID(), Instant.now(), List.of());
        UntrustedEvents.assertDeadLettered("message-events", conversation.toString(), posted, UUID.randomUUID());
    }

    @Test
    void anotherWorkspacesMessageEventsNamingThisWorkspacesAnnouncementCountNothing() {
        TestPerson sender = Keycloak.person("Sam");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        IdentityFixture.Workspace other = IdentityFixture.workspace();
        ws.member(sender, Permission.ANNOUNCEMENTS_SEND);
        String aliceUser = "alice-" + ws.id();
        UUID alice = ws.client(aliceUser, "alice", "alice@example.test", null, null);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), sender.userId()).isPresent()
                && directory.client(ws.id(), alice).isPresent());
        UUID id = Announcements.createDraft(sender, ws.id(), Announcements.draft("Counted", "CLIENTS", List.of(alice), "DIRECT"));
        Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(1));
        UUID chat = UUID.randomUUID();

        // data and envelope agree on the other workspace (well formed, so not poison); announcement and chat are ws's
        UntrustedEvents.publishAndAwaitProcessed(dataSource, MESSAGES, chat.toString(), posted(other.id(), id, chat, alice, aliceUser));
        Announcements.get(sender, ws.id(), id).body("stats.delivered", is(0));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, MESSAGES, chat.toString(), posted(ws.id(), id, chat, alice, aliceUser));
        Announcements.get(sender, ws.id(), id).body("stats.delivered", is(1));

        UntrustedEvents.publishAndAwaitProcessed(dataSource, MESSAGES, chat.toString(),
                new MessagesRead(other.id(), chat, "CLIENT", aliceUser, "CLIENT", 3, Instant.now()));
        Announcements.get(sender, ws.id(), id).body("stats.read", is(0));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, MESSAGES, chat.toString(),
                new MessagesRead(ws.id(), chat, "CLIENT", aliceUser, "CLIENT", 3, Instant.now()));
        Announcements.get(sender, ws.id(), id).body("stats.read", is(1));
    }

    /** The announcement's message at seq 3 in the client's chat, as conversation-service would announce it. */
    private static MessagePosted posted(UUID workspaceId, UUID announcementId, UUID chat, UUID clientId, String userId) {
        return new MessagePosted(workspaceId, chat, "CLIENT", clientId, UUID.randomUUID(), 3, "ANNOUNCEMENT",
                new MessageSender(UUID.randomUUID().toString(), "MEMBER", "Sam"), "news", List.of(), true,
                "announcement:" + announcementId, announcementId, Instant.now(), List.of(userId));
    }
}
