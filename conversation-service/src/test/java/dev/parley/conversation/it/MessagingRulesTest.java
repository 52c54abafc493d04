package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.conversation.MessageDeleted;
import dev.parley.events.conversation.MessageEdited;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.conversation.ParticipantMuteChanged;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messaging rules over HTTP: the messaging switch, limits, history paging, edits, deletes, read state, the list. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MessagingRulesTest {

    @Inject
    IdentityDirectory directory;

    /** A workspace with an owner, a team member with access+reply, and a client with their CLIENT conversation. */
    class Salon {
        final IdentityFixture.Workspace ws;
        final TestPerson owner = Keycloak.person("Olivia");
        final TestPerson agent = Keycloak.person("Aria");
        final TestPerson client = Keycloak.person("Carla");
        final UUID clientId;
        final UUID conversationId;

        Salon(Consumer<IdentityFixture.Settings> settings) {
            ws = IdentityFixture.workspace(settings);
            ws.owner(owner);
            ws.member(agent, Permission.CHATS_ACCESS, Permission.CHATS_REPLY);
            clientId = ws.client(client);
            conversationId = Api.awaitConversation(client, ws.id(), "CLIENT", null);
            Api.awaitList(agent, ws.id(), "kind=CLIENT", j -> !j.getList("items").isEmpty());
        }

        String path() {
            return Api.conversation(ws.id(), conversationId);
        }

        long post(TestPerson who, String body) {
            return Api.post(who, ws.id(), conversationId, body, null).then().statusCode(201).extract().jsonPath().getLong("seq");
        }
    }

    @Test
    void messagingOffBlocksEverySendWith409AndKeepsHistoryReadable() {
        Salon salon = new Salon(s -> {
        });
        salon.post(salon.client, "before the switch");
        salon.ws.settings(s -> s.messagingEnabled(false));
        IdentityFixture.awaitProjected(() -> !directory.workspace(salon.ws.id()).orElseThrow().messagingEnabled());

        for (TestPerson person : List.of(salon.owner, salon.agent, salon.client)) {
            Api.post(person, salon.ws.id(), salon.conversationId, "blocked", null).then().statusCode(409)
                    .contentType("application/problem+json").body("code", equalTo("messaging-disabled"));
        }
        Api.as(salon.owner).body(Map.of("kind", "INTERNAL", "name", "x")).post(Api.ws(salon.ws.id()) + "/conversations")
                .then().statusCode(409).body("code", equalTo("messaging-disabled"));
        List<Map<String, Object>> history = Api.history(salon.client, salon.ws.id(), salon.conversationId, null);
        assertEquals("before the switch", history.get(history.size() - 1).get("body"));

        salon.ws.settings(s -> s.messagingEnabled(true));
        IdentityFixture.awaitProjected(() -> directory.workspace(salon.ws.id()).orElseThrow().messagingEnabled());
        salon.post(salon.client, "after the switch");
        assertEquals(3, Api.history(salon.client, salon.ws.id(), salon.conversationId, null).size(),
                "welcome, before, after: nothing blocked was stored");
    }

    @Test
    void bodiesAreCheckedAndNothingInvalidIsStored() {
        Salon salon = new Salon(s -> {
        });
        Api.post(salon.client, salon.ws.id(), salon.conversationId, " ", null).then().statusCode(400)
                .body("code", equalTo("validation-failed"));
        Api.post(salon.client, salon.ws.id(), salon.conversationId, "x".repeat(16_001), null).then().statusCode(413)
                .body("code", equalTo("too-large"));
        Api.as(salon.client).body(Map.of("body", "hi", "seq", 7)).post(salon.path() + "/messages").then().statusCode(400);
        Api.as(salon.client).body("{not json").post(salon.path() + "/messages").then().statusCode(400);
        Api.as(salon.client).body(Map.of("body", "hi", "clientMessageId", "x".repeat(201))).post(salon.path() + "/messages")
                .then().statusCode(400);
        assertEquals(1, Api.history(salon.client, salon.ws.id(), salon.conversationId, null).size(), "only the welcome");
        salon.post(salon.client, "y".repeat(16_000));
    }

    @Test
    void historyIsKeysetPaginatedBySeq() {
        Salon salon = new Salon(s -> s.welcomeMessage(""));
        for (int i = 1; i <= 25; i++) {
            salon.post(i % 2 == 0 ? salon.agent : salon.client, "m" + i);
        }
        JsonPath latest = Api.as(salon.agent).get(salon.path() + "/messages?limit=10").jsonPath();
        assertEquals(List.of(16, 17, 18, 19, 20, 21, 22, 23, 24, 25), latest.getList("items.seq"));
        assertTrue(latest.getBoolean("hasMore"));
        JsonPath older = Api.as(salon.agent).get(salon.path() + "/messages?limit=10&before=16").jsonPath();
        assertEquals(List.of(6, 7, 8, 9, 10, 11, 12, 13, 14, 15), older.getList("items.seq"));
        JsonPath oldest = Api.as(salon.agent).get(salon.path() + "/messages?limit=10&before=6").jsonPath();
        assertEquals(List.of(1, 2, 3, 4, 5), oldest.getList("items.seq"));
        assertFalse(oldest.getBoolean("hasMore"));
        JsonPath newer = Api.as(salon.agent).get(salon.path() + "/messages?limit=10&after=20").jsonPath();
        assertEquals(List.of(21, 22, 23, 24, 25), newer.getList("items.seq"));
        assertFalse(newer.getBoolean("hasMore"));
        JsonPath forward = Api.as(salon.agent).get(salon.path() + "/messages?limit=3&after=0").jsonPath();
        assertEquals(List.of(1, 2, 3), forward.getList("items.seq"));
        assertTrue(forward.getBoolean("hasMore"));
        Api.as(salon.agent).get(salon.path() + "/messages?limit=101").then().statusCode(400);
        Api.as(salon.agent).get(salon.path() + "/messages?limit=0").then().statusCode(400);
        Api.as(salon.agent).get(salon.path() + "/messages?before=abc").then().statusCode(400);
    }

    @Test
    void newParticipantsSeeEarlierHistoryOnlyWhereTheWorkspaceSaysSo() {
        for (boolean visible : new boolean[]{true, false}) {
            Salon salon = new Salon(s -> s.historyVisibleToNewParticipants(visible));
            TestPerson late = Keycloak.person("Late");
            salon.ws.member(late);
            UUID room = createRoom(salon, "INTERNAL", "Team", List.of());
            Api.post(salon.owner, salon.ws.id(), room, "before you came", null).then().statusCode(201);
            awaitMember(salon, late);
            Api.as(salon.owner).body(Map.of("userId", late.userId())).post(Api.conversation(salon.ws.id(), room) + "/participants")
                    .then().statusCode(201);
            Api.post(salon.owner, salon.ws.id(), room, "after you came", null).then().statusCode(201);
            List<Object> bodies = Api.as(late).get(Api.conversation(salon.ws.id(), room) + "/messages").jsonPath().getList("items.body");
            assertEquals(visible ? List.of("before you came", "after you came") : List.of("after you came"), bodies,
                    "historyVisibleToNewParticipants=" + visible);
            assertEquals(1L + (visible ? 1 : 0), Api.as(late).get(Api.conversation(salon.ws.id(), room)).jsonPath().getLong("unreadCount"));
        }
    }

    @Test
    void authorsEditWithHistoryForMembersAndDeletesLeaveTombstones() {
        Salon salon = new Salon(s -> {
        });
        Response posted = Api.post(salon.client, salon.ws.id(), salon.conversationId, "typo", null);
        String id = posted.jsonPath().getString("id");
        String messagePath = salon.path() + "/messages/" + id;
        try (TopicWatcher watcher = TopicWatcher.open(Topics.MESSAGES)) {
            Api.as(salon.agent).body(Map.of("body", "not mine")).patch(messagePath).then().statusCode(403);
            Api.as(salon.client).body(Map.of("body", "fixed")).patch(messagePath).then().statusCode(200)
                    .body("body", equalTo("fixed"));
            JsonPath asMember = Api.as(salon.agent).get(salon.path() + "/messages").jsonPath();
            assertEquals("typo", asMember.getString("items.find { it.id == '" + id + "' }.edits[0].body"));
            assertNull(Api.as(salon.client).get(salon.path() + "/messages").jsonPath()
                    .get("items.find { it.id == '" + id + "' }.edits"), "clients do not see edit history");

            // the agent (chats.reply) deletes the client's message; everybody sees the tombstone
            Api.as(salon.agent).delete(messagePath).then().statusCode(204);
            Api.as(salon.agent).delete(messagePath).then().statusCode(204);
            Map<String, Object> tombstone = Api.history(salon.client, salon.ws.id(), salon.conversationId, null).stream()
                    .filter(m -> id.equals(m.get("id"))).findFirst().orElseThrow();
            assertEquals(true, tombstone.get("deleted"));
            assertFalse(tombstone.containsKey("body"));
            assertTrue(tombstone.containsKey("deletedAt"));
            Api.as(salon.client).body(Map.of("body", "again")).patch(messagePath).then().statusCode(409);

            var edited = watcher.await(TopicWatcher.ofType("parley.message.edited.v1").and(r -> new String(r.value()).contains(id)), 1);
            assertEquals(1, edited.size());
            assertEquals("fixed", EventJson.read(edited.get(0).value(), MessageEdited.class).body());
            var deleted = watcher.await(TopicWatcher.ofType("parley.message.deleted.v1").and(r -> new String(r.value()).contains(id)), 1);
            assertEquals(1, deleted.size(), "one MessageDeleted for two deletes");
            assertTrue(EventJson.read(deleted.get(0).value(), MessageDeleted.class).visibleTo().contains(salon.client.userId()));
        }
        // a client cannot delete the team's message
        String teamMessage = Api.post(salon.agent, salon.ws.id(), salon.conversationId, "ours", null).jsonPath().getString("id");
        Api.as(salon.client).delete(salon.path() + "/messages/" + teamMessage).then().statusCode(403);
        Api.as(salon.client).delete(salon.path() + "/messages/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void readMarkersUnreadCountsAndReceipts() {
        Salon salon = new Salon(s -> {
        });
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = salon.post(salon.client, "question " + i);
        }
        // welcome + 3 from the client: the agent has 4 unread; the client wrote the last one, so has none
        assertEquals(4, Api.as(salon.agent).get(salon.path()).jsonPath().getLong("unreadCount"));
        assertEquals(0, Api.as(salon.client).get(salon.path()).jsonPath().getLong("unreadCount"));
        JsonPath unread = Api.as(salon.agent).get(Api.ws(salon.ws.id()) + "/unread").jsonPath();
        assertEquals(4, unread.getLong("total"));
        assertEquals(salon.conversationId.toString(), unread.getString("conversations[0].conversationId"));

        try (TopicWatcher watcher = TopicWatcher.open(Topics.MESSAGES)) {
            Api.as(salon.agent).body(Map.of("upToSeq", last - 1)).post(salon.path() + "/read").then().statusCode(204);
            assertEquals(1, Api.as(salon.agent).get(salon.path()).jsonPath().getLong("unreadCount"));
            Api.as(salon.agent).body(Map.of("upToSeq", 1)).post(salon.path() + "/read").then().statusCode(204);
            assertEquals(1, Api.as(salon.agent).get(salon.path()).jsonPath().getLong("unreadCount"), "markers only move forward");
            Api.as(salon.agent).body(Map.of("upToSeq", last + 1)).post(salon.path() + "/read").then().statusCode(400);
            Api.as(salon.agent).body(Map.of()).post(salon.path() + "/read").then().statusCode(400);
            var reads = watcher.await(TopicWatcher.ofType("parley.messages.read.v1")
                    .and(r -> salon.conversationId.toString().equals(r.key())), 1);
            assertEquals(1, reads.size(), "one MessagesRead: the backwards read changed nothing");
            assertEquals(last - 1, EventJson.read(reads.get(0).value(), MessagesRead.class).upToSeq());
        }
        salon.post(salon.agent, "answer");
        assertEquals(0, Api.as(salon.agent).get(salon.path()).jsonPath().getLong("unreadCount"), "posting marks read");
        assertEquals(1, Api.as(salon.client).get(Api.ws(salon.ws.id()) + "/unread").jsonPath().getLong("total"));

        JsonPath forMembers = Api.as(salon.owner).get(salon.path() + "/receipts").then().statusCode(200).extract().jsonPath();
        assertTrue(forMembers.getList("readers.userId").contains(salon.agent.userId()));
        assertNull(forMembers.get("teamLastReadSeq"));
        JsonPath forClient = Api.as(salon.client).get(salon.path() + "/receipts").then().statusCode(200).extract().jsonPath();
        assertEquals(last + 1, forClient.getLong("teamLastReadSeq"));
        assertNull(forClient.get("readers"), "clients see that the team read, not who");

        salon.ws.settings(s -> s.readReceipts(false));
        IdentityFixture.awaitProjected(() -> !directory.workspace(salon.ws.id()).orElseThrow().readReceipts());
        Api.as(salon.owner).get(salon.path() + "/receipts").then().statusCode(404);
    }

    @Test
    void theListIsSortedByActivityFilteredPaginatedAndArchivable() {
        Salon salon = new Salon(s -> {
        });
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rooms.add(createRoom(salon, "INTERNAL", "room " + i, List.of()));
        }
        Api.post(salon.owner, salon.ws.id(), rooms.get(1), "bump", null).then().statusCode(201);
        JsonPath first = Api.as(salon.owner).get(Api.ws(salon.ws.id()) + "/conversations?limit=2").jsonPath();
        assertEquals(List.of(rooms.get(1).toString(), rooms.get(4).toString()), first.getList("items.id"));
        assertEquals("bump", first.getString("items[0].lastMessage.body"));
        List<String> all = new ArrayList<>(first.getList("items.id"));
        String cursor = first.getString("nextCursor");
        while (cursor != null) {
            JsonPath page = Api.as(salon.owner).get(Api.ws(salon.ws.id()) + "/conversations?limit=2&cursor=" + cursor).jsonPath();
            all.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        }
        assertEquals(List.of(rooms.get(1), rooms.get(4), rooms.get(3), rooms.get(2), rooms.get(0), salon.conversationId)
                .stream().map(UUID::toString).toList(), all);
        assertEquals(List.of(salon.conversationId.toString()),
                Api.list(salon.owner, salon.ws.id(), "clientId=" + salon.clientId).getList("items.id"));
        assertEquals(5, Api.list(salon.owner, salon.ws.id(), "kind=INTERNAL").getList("items").size());
        Api.as(salon.owner).get(Api.ws(salon.ws.id()) + "/conversations?kind=NOPE").then().statusCode(400);
        Api.as(salon.owner).get(Api.ws(salon.ws.id()) + "/conversations?cursor=garbage").then().statusCode(400);

        String me = Api.conversation(salon.ws.id(), rooms.get(1)) + "/me";
        Api.as(salon.owner).body(Map.of("archived", true, "muted", true)).put(me).then().statusCode(200)
                .body("archived", equalTo(true)).body("muted", equalTo(true));
        assertFalse(Api.list(salon.owner, salon.ws.id(), "kind=INTERNAL").getList("items.id").contains(rooms.get(1).toString()));
        assertEquals(List.of(rooms.get(1).toString()), Api.list(salon.owner, salon.ws.id(), "archived=true").getList("items.id"));
        Api.post(salon.owner, salon.ws.id(), rooms.get(1), "comes back", null).then().statusCode(201);
        assertTrue(Api.list(salon.owner, salon.ws.id(), "kind=INTERNAL").getList("items.id").contains(rooms.get(1).toString()),
                "a new message brings an archived conversation back");
    }

    @Test
    void mutingPublishesParticipantMuteChangedOnceAndArchivingNothing() {
        Salon salon = new Salon(s -> {
        });
        String me = salon.path() + "/me";
        try (TopicWatcher watcher = TopicWatcher.open(Topics.CONVERSATIONS)) {
            Api.as(salon.agent).body(Map.of("muted", true)).put(me).then().statusCode(200).body("muted", equalTo(true));
            Api.as(salon.agent).body(Map.of("muted", true, "archived", true)).put(me).then().statusCode(200); // no change
            Api.as(salon.agent).body(Map.of("archived", false)).put(me).then().statusCode(200);
            Api.as(salon.agent).body(Map.of("muted", false)).put(me).then().statusCode(200).body("muted", equalTo(false));
            Api.as(salon.agent).body(Map.of("muted", "yes")).put(me).then().statusCode(400);

            List<ConsumerRecord<String, byte[]>> records = watcher.await(r -> salon.conversationId.toString().equals(r.key())
                    && "parley.participant.mutechanged.v1".equals(TopicWatcher.header(r, "ce_type")), 2);
            assertEquals(2, records.size(), "one event per change of muted, none for archive or a repeat");
            List<ParticipantMuteChanged> events = records.stream()
                    .map(r -> EventJson.read(r.value(), ParticipantMuteChanged.class)).toList();
            assertEquals(List.of(true, false), events.stream().map(ParticipantMuteChanged::muted).toList());
            ParticipantMuteChanged muted = events.get(0);
            assertEquals(salon.agent.userId(), muted.userId());
            assertEquals(salon.ws.id(), muted.workspaceId());
            assertEquals("CLIENT", muted.conversationKind());
        }
    }

    @Test
    void clientsSeeTheParticipantListOnlyWhereAllowed() {
        Salon salon = new Salon(s -> s.clientsSeeParticipants(true));
        List<String> users = Api.as(salon.client).get(salon.path() + "/participants").then().statusCode(200)
                .extract().jsonPath().getList("userId");
        assertEquals(List.of(salon.client.userId()), users);
    }

    private UUID createRoom(Salon salon, String kind, String name, List<Map<String, Object>> participants) {
        Response response = Api.as(salon.owner).body(Map.of("kind", kind, "name", name, "participants", participants))
                .post(Api.ws(salon.ws.id()) + "/conversations");
        response.then().statusCode(201);
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    private void awaitMember(Salon salon, TestPerson person) {
        IdentityFixture.awaitProjected(() -> directory.principal(salon.ws.id(), person.userId()).isPresent());
    }
}
