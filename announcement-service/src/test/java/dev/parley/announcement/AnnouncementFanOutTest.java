package dev.parley.announcement;

import dev.parley.announcement.service.AnnouncementService;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.EventSchemas;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import dev.parley.events.announcement.AnnouncementPublished;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.conversation.MessagesRead;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.parley.announcement.Announcements.createDraft;
import static dev.parley.announcement.Announcements.draft;
import static dev.parley.announcement.Announcements.of;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * Audiences resolved at publish time from the identity projection, fan-out events on the real Kafka, scheduling,
 * cancelling, and delivered/read counts from MessagePosted and MessagesRead.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AnnouncementFanOutTest {
    private static final Duration CONSUMED = Duration.ofSeconds(90);
    private final TestPerson sender = Keycloak.person("Sam");
    private final IdentityFixture.Workspace ws = IdentityFixture.workspace();
    private UUID orgA;
    private UUID orgB;
    private UUID orgC;
    private UUID alice; // orgA
    private UUID bob;   // orgB
    private UUID carol; // orgC
    private UUID dave;  // no organisation

    @Inject
    IdentityDirectory directory;
    @Inject
    AnnouncementService service;

    @BeforeEach
    void workspace() {
        ws.member(sender, Permission.ANNOUNCEMENTS_SEND);
        orgA = ws.organisation("Acme");
        orgB = ws.organisation("Bolt");
        orgC = ws.organisation("Crux");
        alice = client("alice", orgA);
        bob = client("bob", orgB);
        carol = client("carol", orgC);
        dave = client("dave", null);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), sender.userId()).isPresent()
                && directory.clients(ws.id()).size() == 4
                && directory.clientsOfOrganisation(ws.id(), orgC).size() == 1);
    }

    private UUID client(String name, UUID organisation) {
        return ws.client(userId(name), name, name + "@example.test", null, organisation);
    }

    private String userId(String name) {
        return name + "-" + ws.id();
    }

    @Test
    void allClientsReachesEveryClientWithValidEvents() {
        // ids of the conversation service's uploads, carried as given to the conversation service
        List<UUID> attachments = List.of(UUID.randomUUID(), UUID.randomUUID());
        Map<String, Object> request = new HashMap<>(draft("We moved", "ALL_CLIENTS", null, "DIRECT"));
        request.put("attachmentIds", attachments);
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            UUID id = createDraft(sender, ws.id(), request);
            Announcements.publish(sender, ws.id(), id, null).statusCode(200)
                    .body("status", equalTo("PUBLISHING")).body("stats.recipients", is(4));

            AnnouncementPublished published = one(topic, EventCatalog.ANNOUNCEMENT_PUBLISHED, id, AnnouncementPublished.class);
            Assertions.assertEquals(4, published.recipientCount());
            Assertions.assertEquals(1, published.batchCount());
            Assertions.assertEquals("We moved", published.body());
            Assertions.assertTrue(published.highlighted());
            Assertions.assertEquals(attachments, published.attachmentIds());
            Assertions.assertEquals(Set.of(alice, bob, carol, dave), recipients(topic, id, 1));
            AnnouncementDeliveryRequested batch = one(topic, EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED, id,
                    AnnouncementDeliveryRequested.class);
            Assertions.assertEquals(attachments, batch.attachmentIds(), "each batch carries the attachments");
        }
    }

    @Test
    void selectedClientsReachOnlyThem() {
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            UUID id = createDraft(sender, ws.id(), draft("Just you two", "CLIENTS", List.of(bob, dave, bob), "DIRECT"));
            Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(2));
            AnnouncementPublished published = one(topic, EventCatalog.ANNOUNCEMENT_PUBLISHED, id, AnnouncementPublished.class);
            Assertions.assertEquals("CLIENTS", published.audienceKind());
            Assertions.assertEquals(Set.of(bob, dave), Set.copyOf(published.audienceIds()));
            Assertions.assertEquals(Set.of(bob, dave), recipients(topic, id, 1));
        }
    }

    @Test
    void selectedOrganisationsAreResolvedAtPublishTimeAndEachClientCountsOnce() {
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            UUID id = createDraft(sender, ws.id(), draft("Org news", "ORGANISATIONS", List.of(orgA, orgB), "DIRECT"));
            // after the draft was written: carol moves from orgC into orgA, then on into orgB (a client is in one
            // organisation at a time, so "in two selected organisations" is a client who passed through both);
            // dave joins orgA
            ws.joinOrganisation(carol, orgA);
            ws.joinOrganisation(carol, orgB);
            ws.joinOrganisation(dave, orgA);
            IdentityFixture.awaitProjected(() -> directory.clientsOfOrganisation(ws.id(), orgA).size() == 2
                    && directory.clientsOfOrganisation(ws.id(), orgB).size() == 2);

            Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(4));
            Assertions.assertEquals(Set.of(alice, bob, carol, dave), recipients(topic, id, 1));
        }
    }

    @Test
    void aClientSelectedThroughTwoOrganisationsIsOneRecipient() {
        // the same organisation listed twice, and a client reachable through both selections
        List<AnnouncementDeliveryRequested.Recipient> resolved = new ArrayList<>();
        UUID id = createDraft(sender, ws.id(), Map.of("body", "twice", "delivery", "DIRECT",
                "audience", Map.of("kind", "ORGANISATIONS", "ids", List.of(orgA, orgB, orgA))));
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(2));
            for (ConsumerRecord<String, byte[]> r : topic.await(of(EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED, id), 1)) {
                resolved.addAll(EventJson.read(r.value(), AnnouncementDeliveryRequested.class).recipients());
            }
        }
        Assertions.assertEquals(2, resolved.size(), "each client once: " + resolved);
        Assertions.assertEquals(Set.of(alice, bob), resolved.stream().map(AnnouncementDeliveryRequested.Recipient::clientId)
                .collect(Collectors.toSet()));
    }

    @Test
    void aScheduledAnnouncementFiresOnceEvenWithConcurrentClaimers() throws Exception {
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            UUID id = createDraft(sender, ws.id(), draft("Tomorrow", "ALL_CLIENTS", null, "DIRECT"));
            Instant at = Instant.now().plusSeconds(3);
            Announcements.publish(sender, ws.id(), id, Map.of("scheduledAt", at.toString())).statusCode(200)
                    .body("status", equalTo("SCHEDULED")).body("stats.recipients", is(0));

            // two claimers polling as fast as they can stand in for two more instances of the service, beside
            // this instance's own scheduler
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> claimers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                claimers.add(pool.submit(() -> {
                    start.await();
                    int claimed = 0;
                    long until = System.currentTimeMillis() + 6_000;
                    while (System.currentTimeMillis() < until) {
                        claimed += service.publishDue(10);
                    }
                    return claimed;
                }));
            }
            start.countDown();
            var published = topic.await(of(EventCatalog.ANNOUNCEMENT_PUBLISHED, id), 1, Duration.ofSeconds(30),
                    Duration.ofSeconds(7));
            pool.shutdown();
            Assertions.assertEquals(1, published.size(), "published once");
            Assertions.assertTrue(EventJson.read(published.get(0).value(), AnnouncementPublished.class).publishedAt()
                    .isAfter(at.minusMillis(1)), "not before its time");
            Assertions.assertEquals(1, topic.await(of(EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED, id), 1,
                    Duration.ofSeconds(5), Duration.ofSeconds(1)).size());
            Announcements.get(sender, ws.id(), id).body("status", equalTo("PUBLISHING")).body("stats.recipients", is(4));
        }
    }

    @Test
    void cancellingAScheduledAnnouncementStopsIt() {
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            UUID id = createDraft(sender, ws.id(), draft("Maybe", "ALL_CLIENTS", null, "DIRECT"));
            Announcements.publish(sender, ws.id(), id, Map.of("scheduledAt", Instant.now().plusSeconds(2).toString()))
                    .statusCode(200).body("status", equalTo("SCHEDULED"));
            Announcements.cancel(sender, ws.id(), id).statusCode(200).body("status", equalTo("CANCELLED"));

            AnnouncementCancelled cancelled = one(topic, EventCatalog.ANNOUNCEMENT_CANCELLED, id, AnnouncementCancelled.class);
            Assertions.assertEquals(sender.userId(), cancelled.cancelledBy());
            // well past the scheduled time, with the scheduler polling every second
            Assertions.assertEquals(0, topic.await(of(EventCatalog.ANNOUNCEMENT_PUBLISHED, id), 1,
                    Duration.ofSeconds(5), Duration.ZERO).size());
            Announcements.get(sender, ws.id(), id).body("status", equalTo("CANCELLED")).body("stats.recipients", is(0));
            Announcements.publish(sender, ws.id(), id, null).statusCode(409);
        }
    }

    @Test
    void deliveredAndReadAreCountedOnceFromMessageEvents() {
        UUID id = createDraft(sender, ws.id(), draft("Counted", "CLIENTS", List.of(alice, bob), "DIRECT"));
        Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(2));
        UUID aliceChat = UUID.randomUUID();
        UUID bobChat = UUID.randomUUID();

        MessagePosted toAlice = posted(id, aliceChat, alice, "CLIENT", 3, List.of(userId("alice")));
        UUID eventId = UUID.randomUUID();
        TestEvents.publish(eventId, aliceChat.toString(), toAlice);
        TestEvents.publish(eventId, aliceChat.toString(), toAlice);                       // redelivered
        TestEvents.publish(aliceChat.toString(), toAlice);                                // the same message again
        TestEvents.publish(aliceChat.toString(), posted(null, aliceChat, alice, "CLIENT", 4, List.of()));
        await().atMost(CONSUMED).untilAsserted(() -> Announcements.get(sender, ws.id(), id)
                .body("stats.delivered", is(1)).body("status", equalTo("PUBLISHING")));

        // a marker short of the announcement's seq is not a read; one that covers it is, once
        TestEvents.publish(aliceChat.toString(), read(aliceChat, userId("alice"), 2));
        MessagesRead covering = read(aliceChat, userId("alice"), 4);
        UUID readId = UUID.randomUUID();
        TestEvents.publish(readId, aliceChat.toString(), covering);
        TestEvents.publish(readId, aliceChat.toString(), covering);
        TestEvents.publish(aliceChat.toString(), read(aliceChat, userId("alice"), 5));
        await().atMost(CONSUMED).untilAsserted(() -> Announcements.get(sender, ws.id(), id).body("stats.read", is(1)));

        TestEvents.publish(bobChat.toString(), posted(id, bobChat, bob, "CLIENT", 1, List.of(userId("bob"))));
        TestEvents.publish(bobChat.toString(), read(bobChat, sender.userId(), 1));      // a member reading: not bob
        await().atMost(CONSUMED).untilAsserted(() -> Announcements.get(sender, ws.id(), id)
                .body("stats.delivered", is(2)).body("status", equalTo("PUBLISHED")));
        Announcements.get(sender, ws.id(), id).body("stats.read", is(1)).body("stats.recipients", is(2));
    }

    @Test
    void aPoisonMessageEventIsDeadLetteredAndTheNextOneStillCounts() {
        UUID id = createDraft(sender, ws.id(), draft("Poison", "CLIENTS", List.of(alice), "DIRECT"));
        Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(1));
        UUID aliceChat = UUID.randomUUID();
        try (TopicWatcher dlq = TopicWatcher.open("parley.messages.v1.dlq.announcement-service-test")) {
            UUID poison = UUID.randomUUID();
            TestEvents.send(Topics.MESSAGES, aliceChat.toString(), poison, EventCatalog.MESSAGE_POSTED.type(),
                    ws.id().toString(), "{not json".getBytes(StandardCharsets.UTF_8));
            TestEvents.publish(aliceChat.toString(), posted(id, aliceChat, alice, "CLIENT", 2, List.of(userId("alice"))));
            await().atMost(CONSUMED).untilAsserted(() -> Announcements.get(sender, ws.id(), id)
                    .body("stats.delivered", is(1)).body("status", equalTo("PUBLISHED")));
            Assertions.assertFalse(dlq.await(r -> poison.toString().equals(TopicWatcher.header(r, "ce_id")), 1).isEmpty(),
                    "the poison event is on the dead-letter topic");
        }
    }

    @Test
    void roomDeliveryCountsEveryRecipientWhoMaySeeTheRoomMessage() {
        UUID room = UUID.randomUUID();
        UUID id = createDraft(sender, ws.id(), Map.of("body", "Room news", "delivery", "ROOM", "roomId", room,
                "audience", Map.of("kind", "ORGANISATIONS", "ids", List.of(orgA, orgC))));
        Announcements.publish(sender, ws.id(), id, null).statusCode(200).body("stats.recipients", is(2))
                .body("roomId", equalTo(room.toString())).body("delivery", equalTo("ROOM"));
        TestEvents.publish(room.toString(), posted(id, room, null, "ANNOUNCEMENT", 7,
                List.of(userId("alice"), userId("carol"), userId("bob"), sender.userId())));
        await().atMost(CONSUMED).untilAsserted(() -> Announcements.get(sender, ws.id(), id)
                .body("stats.delivered", is(2)).body("status", equalTo("PUBLISHED")));
        TestEvents.publish(room.toString(), read(room, userId("carol"), 7));
        await().atMost(CONSUMED).untilAsserted(() -> Announcements.get(sender, ws.id(), id).body("stats.read", is(1)));
    }

    private MessagePosted posted(UUID announcementId, UUID conversationId, UUID clientId, String conversationKind,
                                 long seq, List<String> visibleTo) {
        return new MessagePosted(ws.id(), conversationId, conversationKind, clientId, UUID.randomUUID(), seq,
                announcementId == null ? "TEXT" : "ANNOUNCEMENT", new MessageSender(sender.userId(), "MEMBER", "Sam"),
                "text", List.of(), announcementId != null, announcementId == null ? null : "announcement:" + announcementId,
                announcementId, Instant.now(), visibleTo);
    }

    private MessagesRead read(UUID conversationId, String userId, long upToSeq) {
        return new MessagesRead(ws.id(), conversationId, "CLIENT", userId, "CLIENT", upToSeq, Instant.now());
    }

    /** Exactly one event of the type for the announcement, valid against its schema. */
    private static <T> T one(TopicWatcher topic, EventCatalog type, UUID id, Class<T> data) {
        var records = topic.await(of(type, id), 1, Duration.ofSeconds(30), Duration.ofSeconds(1));
        Assertions.assertEquals(1, records.size(), type.type());
        Assertions.assertEquals(List.of(), EventSchemas.violations(type.type(), records.get(0).value()));
        return EventJson.read(records.get(0).value(), data);
    }

    /** The client ids of all delivery batches (each valid, each recipient in exactly one). */
    private static Set<UUID> recipients(TopicWatcher topic, UUID id, int batches) {
        var records = topic.await(of(EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED, id), batches, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        Assertions.assertEquals(batches, records.size());
        List<UUID> all = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Assertions.assertEquals(List.of(), EventSchemas.violations(EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED.type(), r.value()));
            EventJson.read(r.value(), AnnouncementDeliveryRequested.class).recipients().forEach(x -> all.add(x.clientId()));
        }
        Assertions.assertEquals(all.size(), Set.copyOf(all).size(), "no recipient twice: " + all);
        return Set.copyOf(all);
    }
}
