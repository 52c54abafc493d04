package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.UntrustedEvents;
import dev.parley.conversation.messaging.AnnouncementEventsConsumer;
import dev.parley.conversation.messaging.IdentityEventsConsumer;
import dev.parley.conversation.messaging.NotificationEventsConsumer;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import dev.parley.events.identity.ClientRegistered;
import dev.parley.events.notification.EmailReplyReceived;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each consumer of this service against events that lie: data of one workspace under another's envelope is
 * dead-lettered with no effect; an email reply for a conversation of another workspace, or from someone who may
 * not write there, posts nothing. "Nothing" is checked after a later, honest event on the same key was applied.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class UntrustedEventsTest {
    @Inject
    IdentityDirectory directory;

    @Inject
    AgroalDataSource dataSource;

    TestPerson owner;
    TestPerson carla;
    TestPerson stranger;
    IdentityFixture.Workspace ws;
    IdentityFixture.Workspace other;
    UUID conversation;

    @BeforeEach
    void scenario() {
        owner = Keycloak.person("Olivia");
        carla = Keycloak.person("Carla");
        stranger = Keycloak.person("Stranger");
        ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.client(carla);
        other = IdentityFixture.workspace();
        other.owner(stranger);
        // IdentityFixture's generous wait first: Api's 30 s is too short while this consumer works through a backlog
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), carla.userId()).isPresent()
                && directory.principal(other.id(), stranger.userId()).isPresent());
        conversation = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
    }

    @Test
    void anIdentityEventWhoseDataNamesAnotherWorkspaceThanItsEnvelopeIsDeadLetteredAndChangesNothing() {
        UUID clientId = IdentityFixture.uuidV7();
        UntrustedEvents.assertDeadLettered(IdentityEventsConsumer.CHANNEL, ws.id().toString(), new ClientRegistered(ws.id(),
                clientId, stranger.userId(), "Intruder", stranger.email(), null, null, Instant.now()), other.id());
        assertTrue(directory.client(ws.id(), clientId).isEmpty(), "no client projected");
        assertTrue(directory.principal(ws.id(), stranger.userId()).isEmpty(), "the stranger is nobody in the workspace");
        Api.as(owner).get(Api.ws(ws.id()) + "/conversations?clientId=" + clientId).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void anEmailReplyUnderAnotherWorkspacesEnvelopeIsDeadLetteredAndPostsNothing() {
        UntrustedEvents.assertDeadLettered(NotificationEventsConsumer.CHANNEL, conversation.toString(),
                reply(ws.id(), carla.userId(), "smuggled"), other.id());
        assertEquals(List.of(), bodies("smuggled"));
    }

    @Test
    void anEmailReplyNamingAConversationOfAnotherWorkspacePostsNothing() {
        // data and envelope agree on the stranger's workspace, where the stranger may do anything; the conversation is ws's
        UntrustedEvents.publishAndAwaitProcessed(dataSource, NotificationEventsConsumer.CONSUMER, conversation.toString(),
                reply(other.id(), stranger.userId(), "cross-workspace"));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, NotificationEventsConsumer.CONSUMER, conversation.toString(),
                reply(ws.id(), carla.userId(), "honest"));
        assertEquals(List.of("honest"), bodies("honest", "cross-workspace"));
    }

    @Test
    void anEmailReplyFromSomeoneWhoMayNotWriteThereIsNotPostedAsThem() {
        // a forged sender: the other workspace's owner is nobody in ws
        UntrustedEvents.publishAndAwaitProcessed(dataSource, NotificationEventsConsumer.CONSUMER, conversation.toString(),
                reply(ws.id(), stranger.userId(), "forged sender"));
        UntrustedEvents.publishAndAwaitProcessed(dataSource, NotificationEventsConsumer.CONSUMER, conversation.toString(),
                reply(ws.id(), carla.userId(), "honest"));
        assertEquals(List.of("honest"), bodies("honest", "forged sender"));
    }

    @Test
    void anAnnouncementDeliveryUnderAnotherWorkspacesEnvelopeIsDeadLetteredAndPostsNothing() {
        UUID announcement = UUID.randomUUID();
        UUID clientId = directory.clients(ws.id()).get(0).clientId();
        UntrustedEvents.assertDeadLettered(AnnouncementEventsConsumer.CHANNEL, announcement.toString(),
                new AnnouncementDeliveryRequested(ws.id(), announcement, owner.userId(), "smuggled announcement", List.of(),
                        false, "DIRECT", null, 1, 1, List.of(new AnnouncementDeliveryRequested.Recipient(clientId, carla.userId()))),
                other.id());
        assertEquals(List.of(), bodies("smuggled announcement"));
    }

    /** A reply by email into ws's CLIENT conversation, with a fresh Message-ID. */
    private EmailReplyReceived reply(UUID workspaceId, String userId, String body) {
        return new EmailReplyReceived(workspaceId, conversation, userId, body, "<" + UUID.randomUUID() + "@mail.example.com>",
                Instant.now());
    }

    /** The bodies among {@code wanted} in the CLIENT conversation's history, as its owner sees it. */
    private List<Object> bodies(String... wanted) {
        List<String> set = List.of(wanted);
        return Api.history(owner, ws.id(), conversation, "limit=100").stream().map(m -> m.get("body"))
                .filter(set::contains).toList();
    }
}
