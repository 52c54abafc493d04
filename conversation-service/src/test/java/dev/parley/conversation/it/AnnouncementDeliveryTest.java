package dev.parley.conversation.it;

import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.conversation.messaging.AnnouncementEventsConsumer;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import dev.parley.events.announcement.AnnouncementDeliveryRequested.Recipient;
import dev.parley.events.conversation.AttachmentRef;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.ParticipantAdded;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * parley.announcements.v1 as the announcement service publishes it (common's TestEvents), applied by the real
 * consumer against the real PostgreSQL: who gets which message, once, and what a cancel or a replay does.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AnnouncementDeliveryTest {

    @Inject
    AgroalDataSource dataSource;

    private final TestPerson olivia = Keycloak.person("Olivia");
    private final TestPerson alice = Keycloak.person("Alice");
    private final TestPerson bob = Keycloak.person("Bob");
    private final TestPerson carol = Keycloak.person("Carol");

    @Test
    void directPutsOneHighlightedMessageIntoEachRecipientsOwnConversationAndNowhereElse() {
        Salon salon = salon();
        IdentityFixture.Workspace ws = salon.ws();
        Recipient a = salon.alice();
        Recipient b = salon.bob();
        UUID aliceChat = salon.aliceChat();
        UUID bobChat = salon.bobChat();
        UUID carolChat = salon.carolChat();
        UUID announcement = IdentityFixture.uuidV7();

        List<ConsumerRecord<String, byte[]>> posted;
        try (TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            awaitApplied(TestEvents.publish(announcement.toString(),
                    batch(ws, announcement, "DIRECT", null, 1, 1, List.of(a, b))));
            // only this instance's conversations: another conversation-service on the shared Kafka (a running suite,
            // another engineer's test run) applies the same events in its own schema and publishes its own copies
            Set<String> ours = Set.of(aliceChat.toString(), bobChat.toString(), carolChat.toString());
            posted = postedIn(messages, ours, announcement, 2);
        }

        for (TestPerson client : List.of(alice, bob)) {
            UUID own = client == alice ? aliceChat : bobChat;
            List<Map<String, Object>> history = Api.history(client, ws.id(), own, null);
            List<Map<String, Object>> announced = announcements(history, announcement);
            assertEquals(1, announced.size(), client.displayName() + " gets it once in their own conversation");
            Map<String, Object> message = announced.get(0);
            assertEquals("ANNOUNCEMENT", message.get("kind"));
            assertEquals(true, message.get("highlighted"));
            assertEquals("Closed on Monday", message.get("body"));
            assertEquals(olivia.userId(), ((Map<?, ?>) message.get("sender")).get("userId"), "from the author");
            assertEquals(2, ((Number) message.get("seq")).intValue(), "after the welcome message");
            // recipients never see each other: each lists only their own conversation, the other's is not found
            assertEquals(List.of(own.toString()), Api.list(client, ws.id(), null).getList("items.id"));
        }
        assertEquals(404, Api.as(alice).get(Api.conversation(ws.id(), bobChat)).statusCode());
        assertEquals(0, announcements(Api.history(carol, ws.id(), carolChat, null), announcement).size());

        assertEquals(2, posted.size(), "one MessagePosted per recipient");
        for (ConsumerRecord<String, byte[]> record : posted) {
            MessagePosted event = EventJson.read(record.value(), MessagePosted.class);
            String recipient = event.conversationId().equals(aliceChat) ? alice.userId() : bob.userId();
            String other = recipient.equals(alice.userId()) ? bob.userId() : alice.userId();
            assertTrue(event.visibleTo().contains(recipient) && event.visibleTo().contains(olivia.userId()),
                    "visible to its recipient and the team: " + event.visibleTo());
            assertFalse(event.visibleTo().contains(other), "never to the other recipient: " + event.visibleTo());
            assertEquals("announcement:" + announcement, event.clientMessageId());
        }
    }

    @Test
    void itsAttachmentsAreOnEveryRecipientsMessageForThemOnlyAndGoWithTheLastOfItsMessages() {
        Salon salon = salon();
        IdentityFixture.Workspace ws = salon.ws();
        UUID aliceChat = salon.aliceChat();
        UUID bobChat = salon.bobChat();
        byte[] flyer = AttachmentTest.png(3000);
        Response uploaded = AttachmentTest.upload(olivia, ws.id(), "flyer.png", flyer);
        uploaded.then().statusCode(201);
        UUID file = UUID.fromString(uploaded.jsonPath().getString("id"));
        String url = uploaded.jsonPath().getString("url");
        UUID announcement = IdentityFixture.uuidV7();

        List<ConsumerRecord<String, byte[]>> posted;
        try (TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            // two batches: the second finds the file already the announcement's and lists it all the same
            awaitApplied(TestEvents.publish(announcement.toString(),
                    batch(ws, announcement, "DIRECT", null, 1, 2, List.of(salon.alice()), List.of(file))));
            awaitApplied(TestEvents.publish(announcement.toString(),
                    batch(ws, announcement, "DIRECT", null, 2, 2, List.of(salon.bob()), List.of(file))));
            Set<String> ours = Set.of(aliceChat.toString(), bobChat.toString());
            posted = postedIn(messages, ours, announcement, 2);
        }
        assertEquals(2, posted.size());
        posted.forEach(r -> assertEquals(List.of(file), EventJson.read(r.value(), MessagePosted.class).attachments()
                .stream().map(AttachmentRef::id).toList(), "MessagePosted names the file"));

        Map<TestPerson, UUID> messageOf = new HashMap<>();
        for (TestPerson client : List.of(alice, bob)) {
            Map<String, Object> message = announcements(Api.history(client, ws.id(),
                    client == alice ? aliceChat : bobChat, null), announcement).get(0);
            List<?> listed = (List<?>) message.get("attachments");
            assertEquals(1, listed.size(), client.displayName() + "'s copy lists the file");
            assertEquals(file.toString(), ((Map<?, ?>) listed.get(0)).get("id"));
            messageOf.put(client, UUID.fromString((String) message.get("id")));
            assertArrayEquals(flyer, Api.as(client).get(url).then().statusCode(200).extract().asByteArray(),
                    client.displayName() + " downloads it");
        }
        assertEquals(404, Api.as(carol).get(url).statusCode(), "not a recipient: not found");

        // one recipient's copy deleted: the file stays for the other; the last one deleted: the file goes
        Api.as(olivia).delete(Api.conversation(ws.id(), aliceChat) + "/messages/" + messageOf.get(alice))
                .then().statusCode(204);
        assertEquals(404, Api.as(alice).get(url).statusCode(), "her copy is a tombstone");
        assertEquals(200, Api.as(bob).get(url).statusCode(), "his copy still shows it");
        Api.as(olivia).delete(Api.conversation(ws.id(), bobChat) + "/messages/" + messageOf.get(bob))
                .then().statusCode(204);
        assertEquals(0, Db.count(dataSource, "select count(*) from attachment where id = ?", file));
        assertEquals(0, Db.count(dataSource, "select count(*) from attachment_chunk where attachment_id = ?", file));
        assertEquals(404, Api.as(olivia).get(url).statusCode());
    }

    @Test
    void aRedeliveredOrRepublishedBatchPostsNothingTwice() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(olivia);
        List<Recipient> recipients = List.of(recipient(ws, alice), recipient(ws, bob));
        UUID aliceChat = conversation(alice, ws.id(), "CLIENT", null);
        UUID bobChat = conversation(bob, ws.id(), "CLIENT", null);
        UUID announcement = IdentityFixture.uuidV7();
        AnnouncementDeliveryRequested event = batch(ws, announcement, "DIRECT", null, 1, 1, recipients);

        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            UUID first = TestEvents.publish(announcement.toString(), event);
            TestEvents.redeliver(topic.await(r -> first.toString().equals(TopicWatcher.header(r, "ce_id")), 1).get(0));
        }
        // the announcement service's relay publishing it again after a crash: a new event id, the same batch
        awaitApplied(TestEvents.publish(announcement.toString(), event));

        for (TestPerson client : List.of(alice, bob)) {
            List<Map<String, Object>> history = Api.history(client, ws.id(), client == alice ? aliceChat : bobChat, null);
            assertEquals(1, announcements(history, announcement).size(), client.displayName());
            assertEquals(List.of(1L, 2L), seqs(history), "welcome, announcement, nothing else");
        }
    }

    @Test
    void aBatchHalfAppliedBeforeACrashIsCompletedWithoutDuplicateOrGap() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(olivia);
        TestPerson dan = Keycloak.person("Dan");
        List<TestPerson> people = List.of(alice, bob, carol, dan);
        List<Recipient> recipients = people.stream().map(p -> recipient(ws, p)).toList();
        List<UUID> chats = people.stream().map(p -> conversation(p, ws.id(), "CLIENT", null)).toList();
        UUID announcement = IdentityFixture.uuidV7();

        // the first half was delivered and committed, then the service stopped; the whole batch comes again
        awaitApplied(TestEvents.publish(announcement.toString(),
                batch(ws, announcement, "DIRECT", null, 1, 1, recipients.subList(0, 2))));
        // alice writes in between: her conversation moved on, the resumed delivery must not disturb it
        assertEquals(201, Api.post(alice, ws.id(), chats.get(0), "thanks!", null).statusCode());
        awaitApplied(TestEvents.publish(announcement.toString(),
                batch(ws, announcement, "DIRECT", null, 1, 1, recipients)));

        for (int i = 0; i < people.size(); i++) {
            List<Map<String, Object>> history = Api.history(people.get(i), ws.id(), chats.get(i), null);
            assertEquals(1, announcements(history, announcement).size(), people.get(i).displayName() + ": exactly once");
            List<Long> seqs = seqs(history);
            assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs, "gapless: " + seqs);
        }
        assertEquals(3, seqs(Api.history(alice, ws.id(), chats.get(0), null)).size(), "welcome, announcement, reply");
    }

    @Test
    void aClientWithoutTheirOwnConversationGetsOneCreatedAsOnRegistration() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.defaultClientChannel("ORGANISATION"));
        ws.owner(olivia);
        UUID acme = ws.organisation("Acme");
        UUID aliceId = ws.client(alice, acme); // lands in Acme's conversation, has no CLIENT conversation
        UUID acmeChat = conversation(alice, ws.id(), "ORGANISATION", null);
        assertTrue(Api.list(alice, ws.id(), "kind=CLIENT").getList("items").isEmpty());
        UUID announcement = IdentityFixture.uuidV7();
        AnnouncementDeliveryRequested event = batch(ws, announcement, "DIRECT", null, 1, 1,
                List.of(new Recipient(aliceId, alice.userId())));

        List<Object> own;
        try (TopicWatcher conversations = TopicWatcher.open(Topics.CONVERSATIONS)) {
            awaitApplied(TestEvents.publish(announcement.toString(), event));
            awaitApplied(TestEvents.publish(announcement.toString(), event)); // again: no second conversation
            own = Api.list(alice, ws.id(), "kind=CLIENT").getList("items.id");
            assertEquals(1, own.size());
            // keyed by this instance's conversation id (another instance on the shared Kafka creates its own)
            assertEquals(1, conversations.await(r -> TopicWatcher.ofType(EventCatalog.CONVERSATION_CREATED.type()).test(r)
                    && own.get(0).equals(r.key()), 1).size());
        }
        List<Map<String, Object>> history = Api.history(alice, ws.id(), UUID.fromString((String) own.get(0)), null);
        assertEquals(List.of("SYSTEM", "ANNOUNCEMENT"), history.stream().map(m -> m.get("kind")).toList(),
                "the welcome message, then the announcement");
        assertEquals(0, announcements(Api.history(alice, ws.id(), acmeChat, null), announcement).size(),
                "not into the organisation's conversation, where other clients would see it");
    }

    @Test
    void roomRecipientsJoinReadOnlyOnceAndTheMessageIsPostedOnceWithTheLastBatch() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(olivia);
        Recipient a = recipient(ws, alice);
        Recipient b = recipient(ws, bob);
        recipient(ws, carol);
        conversation(bob, ws.id(), "CLIENT", null);
        UUID room = createRoom(ws.id());
        UUID announcement = IdentityFixture.uuidV7();
        AnnouncementDeliveryRequested first = batch(ws, announcement, "ROOM", room, 1, 2, List.of(a));

        List<ConsumerRecord<String, byte[]>> added;
        List<ConsumerRecord<String, byte[]>> posted;
        try (TopicWatcher conversations = TopicWatcher.open(Topics.CONVERSATIONS);
             TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            awaitApplied(TestEvents.publish(announcement.toString(), first));
            assertTrue(Api.history(olivia, ws.id(), room, null).isEmpty(), "nothing posted before the last batch");
            TestEvents.publish(announcement.toString(), first); // batch 1 again
            awaitApplied(TestEvents.publish(announcement.toString(),
                    batch(ws, announcement, "ROOM", room, 2, 2, List.of(b))));
            awaitApplied(TestEvents.publish(announcement.toString(),
                    batch(ws, announcement, "ROOM", room, 2, 2, List.of(b)))); // the last one again
            added = conversations.await(r -> TopicWatcher.ofType(EventCatalog.PARTICIPANT_ADDED.type()).test(r)
                    && room.toString().equals(r.key()), 2, Duration.ofSeconds(30), Duration.ofSeconds(2));
            posted = messages.await(r -> TopicWatcher.ofType(EventCatalog.MESSAGE_POSTED.type()).test(r)
                    && room.toString().equals(r.key()), 1, Duration.ofSeconds(30), Duration.ofSeconds(2));
        }

        assertEquals(List.of(alice.userId(), bob.userId()), added.stream()
                .map(r -> EventJson.read(r.value(), ParticipantAdded.class).userId()).toList(), "each added once");
        List<Map<String, Object>> clients = Api.as(olivia).get(Api.conversation(ws.id(), room) + "/participants")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("")
                .stream().filter(p -> "CLIENT".equals(p.get("type"))).toList();
        assertEquals(2, clients.size(), "alice and bob, not carol: " + clients);
        clients.forEach(p -> assertEquals("READ_ONLY", p.get("access")));

        assertEquals(1, posted.size(), "posted once");
        MessagePosted message = EventJson.read(posted.get(0).value(), MessagePosted.class);
        assertEquals(announcement, message.announcementId());
        assertTrue(message.highlighted());
        assertTrue(message.visibleTo().containsAll(List.of(alice.userId(), bob.userId())),
                "every recipient was a participant when it was posted: " + message.visibleTo());
        assertFalse(message.visibleTo().contains(carol.userId()));

        assertEquals(1, announcements(Api.history(alice, ws.id(), room, null), announcement).size(),
                "a recipient reads the room");
        assertEquals(403, Api.post(alice, ws.id(), room, "can I reply?", null).statusCode(), "but never writes there");
        assertEquals(404, Api.as(carol).get(Api.conversation(ws.id(), room)).statusCode());
    }

    @Test
    void aCancelledAnnouncementPostsNothingEvenIfABatchArrivesAfterTheCancel() {
        OneClient shop = oneClient();
        IdentityFixture.Workspace ws = shop.ws();
        Recipient a = shop.alice();
        UUID cancelled = IdentityFixture.uuidV7();
        UUID kept = IdentityFixture.uuidV7();

        awaitApplied(TestEvents.publish(cancelled.toString(),
                new AnnouncementCancelled(ws.id(), cancelled, olivia.userId(), Instant.now())));
        awaitApplied(TestEvents.publish(cancelled.toString(), batch(ws, cancelled, "DIRECT", null, 1, 1, List.of(a))));
        awaitApplied(TestEvents.publish(kept.toString(), batch(ws, kept, "DIRECT", null, 1, 1, List.of(a))));

        List<Map<String, Object>> history = Api.history(alice, ws.id(), shop.aliceChat(), null);
        assertEquals(0, announcements(history, cancelled).size(), "nothing of the cancelled one");
        assertEquals(1, announcements(history, kept).size(), "another announcement still goes out");
    }

    @Test
    void anotherWorkspacesCancelNamingThisWorkspacesAnnouncementCancelsNothingHereNorKeepsItsOwnCancelOut() {
        OneClient shop = oneClient();
        IdentityFixture.Workspace ws = shop.ws();
        Recipient a = shop.alice();
        IdentityFixture.Workspace other = IdentityFixture.workspace();
        other.owner(bob);
        UUID delivered = IdentityFixture.uuidV7();
        UUID cancelled = IdentityFixture.uuidV7();

        // well formed (data and envelope name the other workspace), so not poison; announcement ids are no secret
        awaitApplied(TestEvents.publish(delivered.toString(),
                new AnnouncementCancelled(other.id(), delivered, bob.userId(), Instant.now())));
        awaitApplied(TestEvents.publish(delivered.toString(), batch(ws, delivered, "DIRECT", null, 1, 1, List.of(a))));
        awaitApplied(TestEvents.publish(cancelled.toString(),
                new AnnouncementCancelled(other.id(), cancelled, bob.userId(), Instant.now())));
        awaitApplied(TestEvents.publish(cancelled.toString(),
                new AnnouncementCancelled(ws.id(), cancelled, olivia.userId(), Instant.now())));
        awaitApplied(TestEvents.publish(cancelled.toString(), batch(ws, cancelled, "DIRECT", null, 1, 1, List.of(a))));

        List<Map<String, Object>> history = Api.history(alice, ws.id(), shop.aliceChat(), null);
        assertEquals(1, announcements(history, delivered).size(), "the other workspace's cancel stopped nothing here");
        assertEquals(0, announcements(history, cancelled).size(), "this workspace's own cancel still counts");
    }

    @Test
    void aPoisonBatchIsDeadLetteredAndTheNextOneStillApplies() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(olivia);
        Recipient a = recipient(ws, alice);
        UUID aliceChat = conversation(alice, ws.id(), "CLIENT", null);
        UUID announcement = IdentityFixture.uuidV7();
        String dlqTopic = "parley.announcements.v1.dlq.conversation-service-test";
        try (TopicWatcher dlq = TopicWatcher.open(dlqTopic)) {
            UUID poison = UUID.randomUUID();
            TestEvents.send(Topics.ANNOUNCEMENTS, announcement.toString(), poison,
                    EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED.type(), ws.id().toString(),
                    "{\"workspaceId\":\"%s\",\"announcementId\":\"%s\"}".formatted(ws.id(), announcement)
                            .getBytes(StandardCharsets.UTF_8)); // no author, no recipients
            awaitApplied(TestEvents.publish(announcement.toString(),
                    batch(ws, announcement, "DIRECT", null, 1, 1, List.of(a))));
            assertFalse(dlq.await(r -> poison.toString().equals(TopicWatcher.header(r, "ce_id")), 1).isEmpty(),
                    "the poison batch is on the dead-letter topic");
        }
        assertEquals(1, announcements(Api.history(alice, ws.id(), aliceChat, null), announcement).size());
    }

    /**
     * The person's single conversation of the kind, once the identity events are projected (up to two minutes:
     * on a loaded machine the consumer may first work through other tests' events).
     */
    private UUID conversation(TestPerson person, UUID workspaceId, String kind, UUID clientId) {
        IdentityFixture.awaitProjected(() -> Db.count(dataSource, """
                select count(*) from conversation c join participant p on p.conversation_id = c.id
                where c.workspace_id = ? and c.kind = ? and p.user_id = ?""", workspaceId, kind, person.userId()) > 0);
        return Api.awaitConversation(person, workspaceId, kind, clientId);
    }

    /** Olivia's workspace with one client, Alice, and her CLIENT conversation. */
    private record OneClient(IdentityFixture.Workspace ws, Recipient alice, UUID aliceChat) {
    }

    private OneClient oneClient() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(olivia);
        Recipient a = recipient(ws, alice);
        return new OneClient(ws, a, conversation(alice, ws.id(), "CLIENT", null));
    }

    /** Olivia's workspace: Alice and Bob, to whom the announcements go, and Carol, a client they are not for. */
    private record Salon(IdentityFixture.Workspace ws, Recipient alice, Recipient bob, UUID aliceChat, UUID bobChat,
                         UUID carolChat) {
    }

    private Salon salon() {
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(olivia);
        Recipient a = recipient(ws, alice);
        Recipient b = recipient(ws, bob);
        recipient(ws, carol);
        return new Salon(ws, a, b, conversation(alice, ws.id(), "CLIENT", null), conversation(bob, ws.id(), "CLIENT", null),
                conversation(carol, ws.id(), "CLIENT", null));
    }

    /** The announcement's MessagePosted events in {@code conversations} (keys), once {@code count} have come. */
    private static List<ConsumerRecord<String, byte[]>> postedIn(TopicWatcher messages, Set<String> conversations,
                                                                UUID announcement, int count) {
        return messages.await(r -> TopicWatcher.ofType(EventCatalog.MESSAGE_POSTED.type()).test(r)
                && conversations.contains(r.key())
                && announcement.equals(EventJson.read(r.value(), MessagePosted.class).announcementId()), count,
                Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    private static Recipient recipient(IdentityFixture.Workspace ws, TestPerson person) {
        return new Recipient(ws.client(person), person.userId());
    }

    private AnnouncementDeliveryRequested batch(IdentityFixture.Workspace ws, UUID announcementId, String delivery,
                                                UUID roomId, int batch, int batchCount, List<Recipient> recipients) {
        return batch(ws, announcementId, delivery, roomId, batch, batchCount, recipients, List.of());
    }

    private AnnouncementDeliveryRequested batch(IdentityFixture.Workspace ws, UUID announcementId, String delivery,
                                                UUID roomId, int batch, int batchCount, List<Recipient> recipients,
                                                List<UUID> attachmentIds) {
        return new AnnouncementDeliveryRequested(ws.id(), announcementId, olivia.userId(), "Closed on Monday",
                attachmentIds, true, delivery, roomId, batch, batchCount, recipients);
    }

    private UUID createRoom(UUID workspaceId) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            Response response = Api.as(olivia).body(Map.of("kind", "ANNOUNCEMENT", "name", "News"))
                    .post(Api.ws(workspaceId) + "/conversations");
            if (response.statusCode() == 201) {
                return UUID.fromString(response.jsonPath().getString("id"));
            }
            if (response.statusCode() != 404 || System.currentTimeMillis() > deadline) {
                throw new AssertionError("create room: " + response.statusCode() + " " + response.asString());
            }
            Api.sleep(100); // the owner's MemberJoined is not projected yet
        }
    }

    private static List<Map<String, Object>> announcements(List<Map<String, Object>> history, UUID announcementId) {
        return history.stream().filter(m -> announcementId.toString().equals(m.get("announcementId"))).toList();
    }

    private static List<Long> seqs(List<Map<String, Object>> history) {
        return history.stream().map(m -> ((Number) m.get("seq")).longValue()).toList();
    }

    /** Waits until the consumer has recorded the event id (its effect committed in the same transaction). */
    private void awaitApplied(UUID eventId) {
        IdentityFixture.awaitProjected(() -> Db.count(dataSource,
                "select count(*) from processed_event where consumer = ? and event_id = ?",
                AnnouncementEventsConsumer.CONSUMER, eventId) == 1);
    }
}
