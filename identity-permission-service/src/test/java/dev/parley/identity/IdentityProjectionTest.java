package dev.parley.identity;

import dev.parley.common.consume.ConsumedEvent;
import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.consume.PoisonEventException;
import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.IdentityProjection;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.ParleyEvent;
import dev.parley.events.Topics;
import dev.parley.events.identity.MemberPermissionsChanged;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.parley.common.testing.TopicWatcher.header;
import static org.junit.jupiter.api.Assertions.*;

/**
 * common's IdentityProjection and IdentityDirectory against the real database, fed by IdentityFixture through the
 * real topic, as another service's test would do it; plus the consumer rules: duplicates, late events, poison.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class IdentityProjectionTest {
    private static final String CONSUMER = "identity-projection-test";
    /** No such channel is configured here: a poison record would go to the connector's default dead-letter-topic-<channel>. */
    private static final String CHANNEL = "identity-projection-test";

    @Inject
    IdempotentConsumer consumer;
    @Inject
    IdentityProjection projection;
    @Inject
    IdentityDirectory directory;

    @Test
    void fixtureScenarioProjectsThroughTheRealTopic() {
        try (TopicWatcher topic = TopicWatcher.open(Topics.IDENTITY)) {
            IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.privateMessagingEnabled(true).emailDigestMinutes(15));
            TestPerson olivia = Keycloak.person("Olivia");
            TestPerson carla = Keycloak.person("Carla");
            UUID owner = ws.owner(olivia);
            UUID tom = ws.member("tom-user", "Tom Team", "tom@test.parley.local", Permission.CHATS_ACCESS);
            UUID org = ws.organisation("Acme");
            UUID carlaId = ws.client(carla, org);
            UUID chris = ws.client("chris-user", "Chris", "chris@test.parley.local", "+447700900124", org);
            ws.assign(carlaId, tom);
            ws.settings(s -> s.messagingEnabled(false));
            ws.permissions(tom, Permission.CHATS_ACCESS, Permission.CHATS_REPLY);
            ws.leaveOrganisation(chris);

            String id = ws.id().toString();
            consumer.apply(CONSUMER, CHANNEL, topic.await(r -> id.equals(header(r, CloudEventHeaders.WORKSPACE_ID)), 11),
                    projection::apply);
            IdentityFixture.awaitProjected(() -> directory.workspace(ws.id()).map(w -> !w.messagingEnabled()).orElse(false));

            var settings = directory.workspace(ws.id()).orElseThrow();
            assertTrue(settings.privateMessagingEnabled());
            assertEquals(15, settings.emailDigestMinutes());
            assertEquals(ws.name(), settings.name());
            MemberPrincipal o = (MemberPrincipal) directory.principal(ws.id(), olivia.userId()).orElseThrow();
            assertEquals(owner, o.memberId());
            assertEquals(Set.of(Permission.values()), o.permissions());
            assertEquals(Set.of(Permission.CHATS_ACCESS, Permission.CHATS_REPLY), directory.member(ws.id(), tom).orElseThrow().permissions());
            ClientPrincipal c = (ClientPrincipal) directory.principal(ws.id(), carla.userId()).orElseThrow();
            assertEquals(org, c.organisationId());
            assertEquals(List.of(carlaId), directory.clientsOfOrganisation(ws.id(), org).stream().map(ClientPrincipal::clientId).toList());
            assertNull(directory.client(ws.id(), chris).orElseThrow().organisationId());
            assertEquals(2, directory.clients(ws.id()).size());
            assertTrue(directory.isAssigned(ws.id(), carlaId, tom));
            assertFalse(directory.isAssigned(ws.id(), chris, tom));
            assertTrue(directory.principal(UUID.randomUUID(), olivia.userId()).isEmpty(), "another workspace: nobody");
        }
    }

    @Test
    void aLateOlderEventNeverOverwritesANewerStateAndRemovalsStayRemoved() {
        UUID ws = IdentityFixture.uuidV7();
        UUID member = IdentityFixture.uuidV7();
        Instant t0 = Instant.now().minusSeconds(60);
        apply(new MemberPermissionsChanged(ws, member, "u1", "New name", "u1@test.parley.local", List.of(),
                List.of("chats.access", "chats.reply"), t0.plusSeconds(2)), t0.plusSeconds(2));
        // older snapshot arrives after the newer one: ignored
        apply(new dev.parley.events.identity.MemberJoined(ws, member, "u1", "Old name", "u1@test.parley.local", List.of(),
                List.of("chats.access"), t0), t0);
        MemberPrincipal m = directory.member(ws, member).orElseThrow();
        assertEquals("New name", m.displayName());
        assertEquals(Set.of(Permission.CHATS_ACCESS, Permission.CHATS_REPLY), m.permissions());
        // removal, then a late join from before it: still removed
        apply(new dev.parley.events.identity.MemberRemoved(ws, member, "u1", t0.plusSeconds(3)), t0.plusSeconds(3));
        apply(new dev.parley.events.identity.MemberJoined(ws, member, "u1", "Old name", "u1@test.parley.local", List.of(),
                List.of("chats.access"), t0.plusSeconds(1)), t0.plusSeconds(1));
        assertTrue(directory.member(ws, member).isEmpty());
        assertTrue(directory.principal(ws, "u1").isEmpty());
    }

    @Test
    void duplicatesApplyOnceAndUnknownTypesAreIgnored() {
        UUID ws = IdentityFixture.uuidV7();
        UUID member = IdentityFixture.uuidV7();
        ConsumerRecord<String, byte[]> joined = record(new dev.parley.events.identity.MemberJoined(ws, member, "u2", "Una",
                "u2@test.parley.local", List.of(), List.of("chats.access"), Instant.now()), UUID.randomUUID(), Instant.now());
        assertEquals(1, consumer.apply(CONSUMER, CHANNEL, List.of(joined), projection::apply));
        assertEquals(0, consumer.apply(CONSUMER, CHANNEL, List.of(joined), projection::apply));
        assertEquals(0, consumer.apply(CONSUMER, CHANNEL, List.of(joined, joined), projection::apply));
        ConsumerRecord<String, byte[]> unknown = new ConsumerRecord<>(Topics.IDENTITY, 0, 0L, ws.toString(), "{}".getBytes(StandardCharsets.UTF_8));
        headers(unknown, UUID.randomUUID(), "parley.workspace.renamed.v9", ws, Instant.now());
        assertEquals(1, consumer.apply(CONSUMER, CHANNEL, List.of(unknown), projection::apply));
        assertEquals(1, directory.members(ws).size());
    }

    @Test
    void eventsMissingWhatTheProjectionNeedsArePoison() {
        UUID ws = IdentityFixture.uuidV7();
        ConsumerRecord<String, byte[]> noMember = new ConsumerRecord<>(Topics.IDENTITY, 0, 0L, ws.toString(),
                ("{\"workspaceId\":\"" + ws + "\",\"userId\":\"u3\"}").getBytes(StandardCharsets.UTF_8));
        headers(noMember, UUID.randomUUID(), EventCatalog.MEMBER_JOINED.type(), ws, Instant.now());
        assertPoison(noMember);
        ConsumerRecord<String, byte[]> notJson = new ConsumerRecord<>(Topics.IDENTITY, 0, 0L, ws.toString(),
                "not json".getBytes(StandardCharsets.UTF_8));
        headers(notJson, UUID.randomUUID(), EventCatalog.CLIENT_REGISTERED.type(), ws, Instant.now());
        assertPoison(notJson);
        assertTrue(directory.members(ws).isEmpty());
    }

    /** The projection refuses it (IdempotentConsumer then dead-letters the record): the transaction rolls back. */
    private void assertPoison(ConsumerRecord<String, byte[]> record) {
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> projection.apply(ConsumedEvent.from(record))));
        assertTrue(thrown instanceof PoisonEventException || thrown.getCause() instanceof PoisonEventException,
                "poison, not " + thrown);
    }

    private void apply(ParleyEvent event, Instant time) {
        assertEquals(1, consumer.apply(CONSUMER, CHANNEL, List.of(record(event, UUID.randomUUID(), time)), projection::apply));
    }

    private static ConsumerRecord<String, byte[]> record(ParleyEvent event, UUID id, Instant time) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.IDENTITY, 0, 0L, event.workspaceId().toString(),
                EventJson.write(event));
        headers(record, id, EventCatalog.of(event.getClass()).type(), event.workspaceId(), time);
        return record;
    }

    private static void headers(ConsumerRecord<String, byte[]> record, UUID id, String type, UUID ws, Instant time) {
        record.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.ID, id.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TIME, time.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.WORKSPACE_ID, ws.toString().getBytes(StandardCharsets.UTF_8));
    }
}
