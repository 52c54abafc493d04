package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.conversation.messaging.IdentityEventsConsumer;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.conversation.ConversationDeleted;
import dev.parley.events.identity.ClientRegistered;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conversations that follow parley.identity.v1, applied once each, with poison events dead-lettered. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class IdentityEventsTest {

    @Inject
    IdentityDirectory directory;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRedeliveredClientRegisteredOpensOneConversationWithOneWelcome() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        UUID clientId = IdentityFixture.uuidV7();
        ClientRegistered registered = new ClientRegistered(ws.id(), clientId, carla.userId(), carla.displayName(),
                carla.email(), null, null, Instant.now());
        UUID eventId = UUID.randomUUID();
        try (TopicWatcher conversationsTopic = TopicWatcher.open(Topics.CONVERSATIONS);
             TopicWatcher messagesTopic = TopicWatcher.open(Topics.MESSAGES)) {
            IdentityFixture.publish(registered, eventId, Instant.now());
            IdentityFixture.publish(registered, eventId, Instant.now()); // the same event again (a redelivery)
            UUID conversationId = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
            // a marker event after the duplicate: once it is projected, the duplicate has been seen too
            TestPerson marker = Keycloak.person("Marker");
            ws.member(marker);
            IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), marker.userId()).isPresent());

            assertEquals(1, Api.list(owner, ws.id(), "kind=CLIENT").getList("items").size());
            assertEquals(1, Api.history(owner, ws.id(), conversationId, null).size(), "one welcome message");
            var created = conversationsTopic.await(TopicWatcher.ofType("parley.conversation.created.v1")
                    .and(r -> conversationId.toString().equals(r.key())), 1, Duration.ofSeconds(20), Duration.ofSeconds(2));
            assertEquals(1, created.size(), "ConversationCreated once");
            var added = conversationsTopic.await(TopicWatcher.ofType("parley.participant.added.v1")
                    .and(r -> conversationId.toString().equals(r.key())), 1, Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertEquals(1, added.size(), "ParticipantAdded once (the client)");
            var welcome = messagesTopic.await(TopicWatcher.ofType("parley.message.posted.v1")
                    .and(r -> conversationId.toString().equals(r.key())), 1, Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertEquals(1, welcome.size(), "the welcome MessagePosted once");
        }
    }

    @Test
    void deletingAClientDeletesTheirConversationsAndMessages() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        TestPerson bob = Keycloak.person("Bob");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.privateMessagingEnabled(true));
        ws.owner(owner);
        UUID acme = ws.organisation("Acme");
        UUID carlaId = ws.client(carla, acme);
        ws.client(bob, acme);
        UUID clientConversation = Api.awaitConversation(owner, ws.id(), "CLIENT", carlaId);
        UUID privateFeed = Api.awaitConversation(owner, ws.id(), "PRIVATE", carlaId);
        UUID organisation = Api.awaitConversation(bob, ws.id(), "ORGANISATION", null);
        Api.post(carla, ws.id(), clientConversation, "mine", null).then().statusCode(201);
        String sharedMessage = Api.post(carla, ws.id(), organisation, "shared", null).then().statusCode(201)
                .extract().jsonPath().getString("id");

        try (TopicWatcher watcher = TopicWatcher.open(Topics.CONVERSATIONS)) {
            ws.deleteClient(carlaId);
            IdentityFixture.awaitProjected(() -> directory.client(ws.id(), carlaId).isEmpty());
            var deleted = watcher.await(TopicWatcher.ofType("parley.conversation.deleted.v1"), 2);
            assertEquals(2, deleted.stream().filter(r -> r.key().equals(clientConversation.toString())
                    || r.key().equals(privateFeed.toString())).count(), "CLIENT and PRIVATE deleted, once each");
            assertEquals("CLIENT_DELETED", EventJson.read(deleted.get(0).value(), ConversationDeleted.class).reason());
            var left = watcher.await(TopicWatcher.ofType("parley.participant.removed.v1")
                    .and(r -> r.key().equals(organisation.toString())), 1);
            assertEquals(1, left.size(), "she leaves the organisation conversation");
        }
        Api.as(owner).get(Api.conversation(ws.id(), clientConversation)).then().statusCode(404);
        Api.as(owner).get(Api.conversation(ws.id(), privateFeed)).then().statusCode(404);
        assertEquals(List.of(), Api.list(owner, ws.id(), "clientId=" + carlaId).getList("items"));
        Map<String, Object> erased = Api.history(owner, ws.id(), organisation, null).stream()
                .filter(m -> sharedMessage.equals(m.get("id"))).findFirst().orElseThrow();
        assertEquals(true, erased.get("deleted"));
        assertFalse(erased.containsKey("body"), "what she wrote in shared rooms is erased");
        Api.as(carla).get(Api.ws(ws.id()) + "/conversations").then().statusCode(404);
    }

    @Test
    void organisationConversationsFollowMembershipAndTheDefaultChannel() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        TestPerson bob = Keycloak.person("Bob");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.defaultClientChannel("ORGANISATION")
                .welcomeMessage("Welcome, Acme!"));
        ws.owner(owner);
        UUID acme = ws.organisation("Acme");
        UUID carlaId = ws.client(carla, acme);
        UUID bobId = ws.client(bob, acme);
        UUID organisation = Api.awaitConversation(bob, ws.id(), "ORGANISATION", null);
        assertEquals(organisation, Api.awaitConversation(carla, ws.id(), "ORGANISATION", null));
        JsonPath conversation = Api.as(owner).get(Api.conversation(ws.id(), organisation)).jsonPath();
        assertEquals("Acme", conversation.getString("name"));
        assertEquals(acme.toString(), conversation.getString("organisationId"));
        assertEquals(List.of(), Api.list(owner, ws.id(), "kind=CLIENT").getList("items"),
                "with the ORGANISATION channel, clients of an organisation get no CLIENT conversation");
        List<Map<String, Object>> history = Api.history(owner, ws.id(), organisation, null);
        assertEquals(1, history.size());
        assertEquals("Welcome, Acme!", history.get(0).get("body"));

        ws.leaveOrganisation(bobId);
        Api.awaitList(bob, ws.id(), "kind=ORGANISATION", j -> j.getList("items").isEmpty());
        Api.as(bob).get(Api.conversation(ws.id(), organisation)).then().statusCode(404);
        List<String> participants = Api.as(owner).get(Api.conversation(ws.id(), organisation) + "/participants")
                .jsonPath().getList("userId");
        assertEquals(List.of(carla.userId()), participants);
        assertTrue(carlaId != null);
    }

    @Test
    void turningPrivateMessagingOnOpensAPrivateFeedPerClientForPrivateAccessOnly() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson assigned = Keycloak.person("Sam");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        UUID sam = ws.member(assigned, Permission.CHATS_ACCESS, Permission.CHATS_REPLY);
        UUID carlaId = ws.client(carla);
        ws.assign(carlaId, sam);
        Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        assertEquals(List.of(), Api.list(owner, ws.id(), "kind=PRIVATE").getList("items"));

        ws.settings(s -> s.privateMessagingEnabled(true));
        UUID feed = Api.awaitConversation(owner, ws.id(), "PRIVATE", carlaId);
        Api.post(owner, ws.id(), feed, "note for Carla", null).then().statusCode(201);
        Api.as(carla).get(Api.conversation(ws.id(), feed)).then().statusCode(200);
        Api.as(assigned).get(Api.conversation(ws.id(), feed)).then().statusCode(404);

        ws.settings(s -> s.privateMessagingEnabled(false));
        IdentityFixture.awaitProjected(() -> !directory.workspace(ws.id()).orElseThrow().privateMessagingEnabled());
        Api.as(owner).get(Api.conversation(ws.id(), feed)).then().statusCode(404);
        ws.settings(s -> s.privateMessagingEnabled(true));
        IdentityFixture.awaitProjected(() -> directory.workspace(ws.id()).orElseThrow().privateMessagingEnabled());
        assertEquals("note for Carla", Api.history(owner, ws.id(), feed, null).get(0).get("body"),
                "the feed comes back with its history");
    }

    @Test
    void aRemovedMemberLeavesEveryConversationAndPermissionChangesApplyOnTheNextRequest() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson wendy = Keycloak.person("Wendy");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        UUID wendyId = ws.member(wendy, Permission.CHATS_ACCESS);
        UUID carlaId = ws.client(carla);
        UUID clientConversation = Api.awaitConversation(owner, ws.id(), "CLIENT", carlaId);
        Api.awaitList(wendy, ws.id(), "kind=CLIENT", j -> !j.getList("items").isEmpty());
        Api.post(wendy, ws.id(), clientConversation, "no reply permission", null).then().statusCode(403);
        ws.permissions(wendyId, Permission.CHATS_ACCESS, Permission.CHATS_REPLY);
        IdentityFixture.awaitProjected(() -> directory.member(ws.id(), wendyId).orElseThrow().has(Permission.CHATS_REPLY));
        Api.post(wendy, ws.id(), clientConversation, "now I can", null).then().statusCode(201);

        Response room = Api.as(owner).body(Map.of("kind", "INTERNAL", "name", "Team",
                "participants", List.of(Map.of("userId", wendy.userId())))).post(Api.ws(ws.id()) + "/conversations");
        UUID roomId = UUID.fromString(room.then().statusCode(201).extract().jsonPath().getString("id"));
        ws.removeMember(wendyId);
        IdentityFixture.awaitProjected(() -> directory.member(ws.id(), wendyId).isEmpty());
        Api.as(wendy).get(Api.conversation(ws.id(), roomId)).then().statusCode(404);
        assertEquals(List.of(owner.userId()), Api.as(owner).get(Api.conversation(ws.id(), roomId) + "/participants")
                .jsonPath().getList("userId"));
    }

    @Test
    void aPoisonEventIsDeadLetteredAndTheNextEventStillApplies() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        try (TopicWatcher dlq = TopicWatcher.open(deadLetterTopic())) {
            UUID poisonId = UUID.randomUUID();
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.IDENTITY, ws.id().toString(),
                    "{not json".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_id", poisonId.toString().getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_type", "parley.client.registered.v1".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_source", "/parley/tests".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            poison.headers().add("ce_workspaceid", ws.id().toString().getBytes(StandardCharsets.UTF_8));
            IdentityFixture.publishRaw(poison);
            ws.client(carla);
            Api.awaitConversation(carla, ws.id(), "CLIENT", null);
            var dead = dlq.await(r -> poisonId.toString().equals(TopicWatcher.header(r, "ce_id")), 1);
            assertEquals(1, dead.size(), "the poison event is on the dead-letter topic once");
            assertEquals("parley.identity.v1", TopicWatcher.header(dead.get(0), "dead-letter-topic"));
        }
    }

    /**
     * Records published together reach the consumer in one poll, applied in one transaction. A poison event in the
     * middle fails that transaction; the records are then applied one transaction each: the poison alone is
     * dead-lettered (once), every other event applied once (a redelivery of the first inside the same poll too),
     * and the group's offset moves past all of them.
     */
    @Test
    void aPoisonEventInTheMiddleOfABatchIsDeadLetteredOnceAndEveryOtherEventAppliesOnce() {
        TestPerson owner = Keycloak.person("Olivia");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        String key = ws.id().toString();
        List<UUID> eventIds = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UUID eventId = UUID.randomUUID();
            eventIds.add(eventId);
            String userId = "batch-" + i + "-" + ws.id();
            batch.add(TestEvents.record(eventId, key, new ClientRegistered(ws.id(), IdentityFixture.uuidV7(), userId,
                    "Client " + i, null, null, null, Instant.now())));
        }
        UUID poisonId = UUID.randomUUID();
        // readable headers, unreadable data: poison only once the effect parses it, inside the batch's transaction
        batch.add(5, TestEvents.record(Topics.IDENTITY, key, poisonId, "parley.client.registered.v1", key,
                "{not json".getBytes(StandardCharsets.UTF_8)));
        batch.add(new ProducerRecord<>(Topics.IDENTITY, null, key, batch.get(0).value(), batch.get(0).headers()));

        try (TopicWatcher dlq = TopicWatcher.open(deadLetterTopic())) {
            List<RecordMetadata> landed = TestEvents.sendTogether(batch);
            IdentityFixture.awaitProjected(() -> Db.count(dataSource,
                    "select count(*) from conversation where workspace_id = ? and kind = 'CLIENT'", ws.id()) >= 10);

            var dead = dlq.await(r -> poisonId.toString().equals(TopicWatcher.header(r, "ce_id")), 1,
                    Duration.ofSeconds(60), Duration.ofSeconds(3));
            assertEquals(1, dead.size(), "the poison event is on the dead-letter topic once");
            assertEquals(Long.toString(landed.get(5).offset()), TopicWatcher.header(dead.get(0), "dead-letter-offset"));
            assertEquals(10, Db.count(dataSource, "select count(*) from processed_event where consumer = ? and event_id::text = any(?)",
                    IdentityEventsConsumer.CONSUMER, eventIds.stream().map(UUID::toString).toArray(String[]::new)), "every good event recorded");
            assertEquals(0, Db.count(dataSource, "select count(*) from processed_event where event_id = ?", poisonId));
            assertEquals(10, Db.count(dataSource, "select count(distinct p.user_id) from conversation c join participant p"
                    + " on p.conversation_id = c.id where c.workspace_id = ? and c.kind = 'CLIENT' and p.user_id like 'batch-%'",
                    ws.id()), "each client has their conversation");
            assertEquals(10, Db.count(dataSource, "select count(*) from conversation where workspace_id = ? and kind = 'CLIENT'",
                    ws.id()), "one conversation each, the redelivered event included");
            assertEquals(10, Db.count(dataSource, "select count(*) from message m join conversation c on c.id = m.conversation_id"
                    + " where c.workspace_id = ? and c.kind = 'CLIENT'", ws.id()), "one welcome each");

            RecordMetadata last = landed.get(landed.size() - 1);
            TopicPartition partition = new TopicPartition(last.topic(), last.partition());
            String group = ConsumerOffsets.group(IdentityEventsConsumer.CHANNEL);
            IdentityFixture.awaitProjected(() -> ConsumerOffsets.committed(group, partition) > last.offset());
        }
    }

    private static String deadLetterTopic() {
        return ConfigProvider.getConfig().getValue(
                "mp.messaging.incoming." + IdentityEventsConsumer.CHANNEL + ".dead-letter-queue.topic", String.class);
    }
}
