package dev.parley.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A person who lost access gets nothing more, also inside the workspace: each of them was notified while they
 * could read the conversation (in-app notification, digest pending, push queued), then lost access one way or
 * another, and neither the digest nor the push reaches them, while the two who kept access get both.
 *
 * <p>Deterministic, not raced: the workspace's digest period is long and the bridge refuses every call until all
 * the losses are projected; then the test brings the pending digests and hand-offs forward to now.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class LostAccessTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.emailDigestMinutes(600)
            .privateMessagingEnabled(true));
    private final TestPerson owner = Keycloak.person("Olivia");
    private final TestPerson sam = Keycloak.person("Sam");
    private final TestPerson cleo = Keycloak.person("Cleo");   // keeps access: a participant of the group room
    private final TestPerson rex = Keycloak.person("Rex");     // taken out of the group room (ParticipantRemoved)
    private final TestPerson leo = Keycloak.person("Leo");     // removed from the team (MemberRemoved)
    private final TestPerson pru = Keycloak.person("Pru");     // loses private.access (MemberPermissionsChanged)
    private final TestPerson ash = Keycloak.person("Ash");     // sees Carla's chat only as her assigned stylist (ClientUnassigned)
    private final TestPerson carla = Keycloak.person("Carla"); // a client who keeps access to her chat
    private final TestPerson dora = Keycloak.person("Dora");   // a client whose account is deleted (ClientDeleted)
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refusing = new AtomicBoolean(true);
    private TestBridge bridge;

    @Inject
    IdentityDirectory directory;
    @Inject
    ConversationEvents conversations;
    @Inject
    TestDatabase database;

    @AfterEach
    void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void noDigestAndNoPushAfterAccessIsLost() {
        ws.owner(owner);
        ws.member(sam);
        ws.member(cleo);
        ws.member(rex);
        UUID leoId = ws.member(leo);
        UUID pruId = ws.member(pru, Permission.PRIVATE_ACCESS);
        UUID ashId = ws.member(ash);
        UUID carlaId = ws.client(carla);
        UUID doraId = ws.client(dora);
        ws.assign(carlaId, ashId);
        IdentityFixture.awaitProjected(() -> Stream.of(owner, sam, cleo, rex, leo, pru, carla, dora)
                .allMatch(p -> directory.principal(ws.id(), p.userId()).isPresent())
                && directory.isAssigned(ws.id(), carlaId, ashId));
        bridge = TestBridge.start(ws.id(), owner, "lost-access-secret", (exchange, body) -> {
            if (refusing.get()) {
                return 503;
            }
            delivered.add(JSON.readTree(body));
            return 200;
        });

        UUID group = UUID.randomUUID();
        UUID carlasChat = UUID.randomUUID();
        UUID carlasFeed = UUID.randomUUID();
        UUID dorasChat = UUID.randomUUID();
        conversations.added(ws.id(), group, "GROUP", false, cleo, rex, leo);
        conversations.added(ws.id(), carlasChat, "CLIENT", true, carla);
        conversations.added(ws.id(), dorasChat, "CLIENT", true, dora);
        TestEvents.publish(group.toString(), posted(group, "GROUP", null, "Team lunch on Friday", cleo, rex, leo));
        TestEvents.publish(carlasChat.toString(), posted(carlasChat, "CLIENT", carlaId, "Your colour is booked", ash, carla));
        TestEvents.publish(carlasFeed.toString(), posted(carlasFeed, "PRIVATE", carlaId, "Carla still owes the deposit", pru));
        TestEvents.publish(dorasChat.toString(), posted(dorasChat, "CLIENT", doraId, "See you on Monday", dora));
        // seven notifications, each with its digest pending and its push queued (the bridge refuses for now); only
        // these four conversations count: conversation-services of other modules' test runs on the shared Kafka
        // answer ClientRegistered with a CLIENT conversation and a welcome message of their own
        String mine = "conversation_id in ('" + group + "', '" + carlasChat + "', '" + carlasFeed + "', '" + dorasChat + "')";
        await().atMost(WAIT).until(() -> database.count("select count(*) from notification where " + mine) == 7
                && database.count("select count(*) from bridge_delivery d join notification n on n.id = d.notification_id"
                + " where n." + mine) == 7);

        conversations.removed(ws.id(), group, "GROUP", rex);
        ws.removeMember(leoId);
        ws.permissions(pruId);
        ws.unassign(carlaId, ashId);
        ws.deleteClient(doraId);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), leo.userId()).isEmpty()
                && directory.principal(ws.id(), dora.userId()).isEmpty()
                && !directory.isAssigned(ws.id(), carlaId, ashId)
                && directory.member(ws.id(), pruId).map(m -> !m.has(Permission.PRIVATE_ACCESS)).orElse(false));

        // the clock jumps: every pending digest and hand-off of the workspace is due now, and the bridge answers
        refusing.set(false);
        database.update("update email_digest set due_at = now() where workspace_id = ?1 and due_at is not null", ws.id());
        database.update("update bridge_delivery set next_attempt_at = now() where workspace_id = ?1"
                + " and delivered_at is null and failed_at is null", ws.id());
        // every digest dealt with each of these notifications (sent, or decided against) and every hand-off settled
        await().atMost(WAIT).until(() -> database.count("select count(*) from notification where " + mine
                + " and digested_at is null") == 0
                && database.count("select count(*) from bridge_delivery d join notification n on n.id = d.notification_id"
                + " where n." + mine + " and d.delivered_at is null and d.failed_at is null") == 0);

        assertEquals(1, GreenMail.messages(cleo.email()).size(), "kept access: the digest");
        assertEquals(1, GreenMail.messages(carla.email()).size(), "kept access: the digest");
        for (TestPerson lost : List.of(rex, leo, pru, ash, dora)) {
            assertEquals(List.of(), GreenMail.messages(lost.email()), lost.displayName() + " lost access: no digest");
        }
        List<JsonNode> ours = delivered.stream().filter(d -> mine.contains(d.get("conversationId").asText())).toList();
        assertEquals(Set.of(cleo.userId(), carla.userId()),
                ours.stream().map(d -> d.get("userId").asText()).collect(Collectors.toSet()),
                "only those who kept access get the push");
        assertEquals(2, ours.size());
        assertEquals(5, database.count("select count(*) from bridge_delivery d join notification n on n.id = d.notification_id"
                + " where n." + mine + " and d.last_error like 'skipped: no access%'"), "the other hand-offs are dropped for good");
    }

    private MessagePosted posted(UUID conversation, String kind, UUID clientId, String body, TestPerson... to) {
        List<String> visibleTo = Stream.concat(Stream.of(sam), Stream.of(to)).map(TestPerson::userId).toList();
        return new MessagePosted(ws.id(), conversation, kind, clientId, UUID.randomUUID(), 1, "TEXT",
                new MessageSender(sam.userId(), "MEMBER", sam.displayName()), body, List.of(), false, null, null,
                Instant.now(), visibleTo);
    }
}
