package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /search/messages: only what the caller may read, ranked, highlighted, paginated. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SearchTest {

    @Inject
    IdentityDirectory directory;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyoneFindsExactlyWhatTheyMayRead() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson sam = Keycloak.person("Sam");
        TestPerson carla = Keycloak.person("Carla");
        TestPerson bob = Keycloak.person("Bob");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.privateMessagingEnabled(true));
        ws.owner(owner);
        ws.member(sam, Permission.CHATS_ACCESS, Permission.CHATS_REPLY); // no private.access
        UUID carlaId = ws.client(carla);
        ws.client(bob);
        awaitProjected(ws.id(), bob.userId());
        UUID carlaChat = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        UUID bobChat = Api.awaitConversation(bob, ws.id(), "CLIENT", null);
        UUID feed = Api.awaitConversation(owner, ws.id(), "PRIVATE", carlaId);
        Api.awaitList(sam, ws.id(), "kind=CLIENT", j -> j.getList("items").size() == 2);
        UUID internal = UUID.fromString(Api.as(owner).body(Map.of("kind", "INTERNAL", "name", "Team"))
                .post(Api.ws(ws.id()) + "/conversations").then().statusCode(201).extract().jsonPath().getString("id"));

        Api.post(carla, ws.id(), carlaChat, "pineapple for carla", null).then().statusCode(201);
        Api.post(bob, ws.id(), bobChat, "pineapple from bob", null).then().statusCode(201);
        Api.post(owner, ws.id(), feed, "pineapple private note", null).then().statusCode(201);
        Api.post(owner, ws.id(), internal, "pineapple internal", null).then().statusCode(201);

        assertEquals(List.of("pineapple from bob"), bodies(search(bob, ws.id(), "pineapple", null)),
                "a client never finds another client's message");
        assertEquals(List.of("pineapple for carla", "pineapple private note"),
                sorted(bodies(search(carla, ws.id(), "pineapple", null))), "her chat and her private feed, never INTERNAL");
        assertEquals(List.of("pineapple for carla", "pineapple from bob"),
                sorted(bodies(search(sam, ws.id(), "pineapple", null))), "staff without private.access: no PRIVATE, no INTERNAL");
        assertEquals(List.of("pineapple for carla", "pineapple from bob", "pineapple internal", "pineapple private note"),
                sorted(bodies(search(owner, ws.id(), "pineapple", null))));

        assertEquals(List.of("pineapple for carla"),
                bodies(search(owner, ws.id(), "pineapple", "conversationId=" + carlaChat)), "filtered by conversation");
        Api.as(sam).get(searchUrl(ws.id(), "pineapple", "conversationId=" + feed)).then().statusCode(404);
        Api.as(carla).get(searchUrl(ws.id(), "pineapple", "conversationId=" + internal)).then().statusCode(404);

        ws.settings(s -> s.privateMessagingEnabled(false)); // PRIVATE feeds are read by nobody while it is off
        IdentityFixture.awaitProjected(Duration.ofSeconds(180),
                () -> !directory.workspace(ws.id()).orElseThrow().privateMessagingEnabled());
        assertEquals(List.of("pineapple for carla", "pineapple from bob", "pineapple internal"),
                sorted(bodies(search(owner, ws.id(), "pineapple", null))));
        assertEquals(List.of("pineapple for carla"), bodies(search(carla, ws.id(), "pineapple", null)));
    }

    @Test
    void rankedHighlightedPaginatedAndDeletedMessagesNeverMatch() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson outsider = Keycloak.person("Otto");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        IdentityFixture.Workspace other = IdentityFixture.workspace();
        other.owner(outsider);
        awaitProjected(ws.id(), owner.userId());
        awaitProjected(other.id(), outsider.userId());
        UUID room = UUID.fromString(Api.as(owner).body(Map.of("kind", "INTERNAL", "name", "Team"))
                .post(Api.ws(ws.id()) + "/conversations").then().statusCode(201).extract().jsonPath().getString("id"));
        Api.post(owner, ws.id(), room, "the apricot jam recipe is in the shared folder with the other notes", null)
                .then().statusCode(201);
        Api.post(owner, ws.id(), room, "apricot apricot apricot, everything apricot", null).then().statusCode(201);
        String gone = Api.post(owner, ws.id(), room, "dragonfruit secret", null).then().statusCode(201)
                .extract().jsonPath().getString("id");
        Api.as(owner).delete(Api.conversation(ws.id(), room) + "/messages/" + gone).then().statusCode(204);

        JsonPath first = search(owner, ws.id(), "apricot", "limit=1");
        assertEquals(List.of("apricot apricot apricot, everything apricot"), bodies(first), "the better match first");
        String snippet = first.getString("items[0].snippet");
        assertTrue(snippet.contains("«apricot»"), snippet);
        String cursor = first.getString("nextCursor");
        assertNotNull(cursor);
        JsonPath second = search(owner, ws.id(), "apricot", "limit=1&cursor=" + cursor);
        assertEquals(List.of("the apricot jam recipe is in the shared folder with the other notes"), bodies(second));
        assertNotEquals(first.getString("items[0].message.id"), second.getString("items[0].message.id"));
        assertNull(second.getString("nextCursor"));

        assertEquals(List.of(), bodies(search(owner, ws.id(), "dragonfruit", null)), "a deleted message is not found");
        Api.as(outsider).get(searchUrl(ws.id(), "apricot", null)).then().statusCode(404);
        assertEquals(List.of(), bodies(search(outsider, other.id(), "apricot", null)), "other workspaces never match");

        Api.as(owner).get(Api.ws(ws.id()) + "/search/messages").then().statusCode(400);
        Api.as(owner).get(searchUrl(ws.id(), "a".repeat(201), null)).then().statusCode(400);
        Api.as(owner).get(searchUrl(ws.id(), "apricot", "cursor=nonsense")).then().statusCode(400);
        io.restassured.RestAssured.given().get(searchUrl(ws.id(), "apricot", null)).then().statusCode(401);
    }

    @Test
    void historyHiddenBeforeJoiningIsNotFoundByTheNewParticipant() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson nora = Keycloak.person("Nora");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.historyVisibleToNewParticipants(false));
        ws.owner(owner);
        ws.member(nora); // no permission: she reads the room only as a participant
        awaitProjected(ws.id(), nora.userId());
        UUID room = UUID.fromString(Api.as(owner).body(Map.of("kind", "INTERNAL", "name", "Team"))
                .post(Api.ws(ws.id()) + "/conversations").then().statusCode(201).extract().jsonPath().getString("id"));
        Api.post(owner, ws.id(), room, "kiwi before nora", null).then().statusCode(201);
        assertEquals(List.of(), bodies(search(nora, ws.id(), "kiwi", null)), "not a participant yet");
        Api.as(owner).body(Map.of("userId", nora.userId())).post(Api.conversation(ws.id(), room) + "/participants")
                .then().statusCode(201);
        Api.post(owner, ws.id(), room, "kiwi after nora", null).then().statusCode(201);

        assertEquals(List.of("kiwi after nora"), bodies(search(nora, ws.id(), "kiwi", null)));
        assertEquals(List.of("kiwi after nora"), bodies(search(nora, ws.id(), "kiwi", "conversationId=" + room)));
        assertEquals(List.of("kiwi after nora", "kiwi before nora"), sorted(bodies(search(owner, ws.id(), "kiwi", null))));
    }

    /**
     * A word in more matches than the ranked window (1,000): page 1 ranks the newest 1,000, the pages after them go
     * on newest first through the older ones, and paging through all of it repeats nothing and skips nothing, even
     * when a new match arrives in between. The matches are written in SQL (1,030 posts over HTTP take too long).
     */
    @Test
    void pagingPastTheRankedWindowNeitherRepeatsNorSkips() throws SQLException {
        TestPerson owner = Keycloak.person("Olivia");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        awaitProjected(ws.id(), owner.userId());
        UUID room = UUID.fromString(Api.as(owner).body(Map.of("kind", "INTERNAL", "name", "Figs"))
                .post(Api.ws(ws.id()) + "/conversations").then().statusCode(201).extract().jsonPath().getString("id"));
        int matches = 1_030;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // oldest first, one millisecond apart, time-ordered ids like the service's; ranks vary with the repeats
            s.execute("""
                    insert into message (id, conversation_id, seq, kind, sender_user_id, sender_type, body, created_at)
                    select %4$s, '%1$s', g, 'TEXT', '%2$s', 'MEMBER', repeat('fig ', 1 + g %% 3) || 'number ' || g, t.at
                    from generate_series(1, %3$d) g
                    cross join lateral (select now() - interval '1 hour' + make_interval(secs => g / 1000.0) as at) t"""
                    .formatted(room, owner.userId(), matches, Db.timeOrderedId("t.at")));
            s.execute("update conversation set last_seq = %d where id = '%s'".formatted(matches, room));
        }

        List<Map<String, Object>> seen = new ArrayList<>();
        String cursor = null;
        boolean arrived = false;
        do {
            JsonPath page = search(owner, ws.id(), "fig", "limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
            if (!arrived) { // a new match after page 1: it may show up or not, but nothing else moves
                Api.post(owner, ws.id(), room, "fig fig fig fig newest", null).then().statusCode(201);
                arrived = true;
            }
        } while (cursor != null);

        List<Long> seqs = seen.stream().map(hit -> ((Number) ((Map<?, ?>) hit.get("message")).get("seq")).longValue())
                .filter(seq -> seq <= matches).toList();
        assertEquals(matches, seqs.size(), "every match once");
        assertEquals(matches, Set.copyOf(seqs).size(), "no match twice");
        List<Long> window = seqs.subList(0, 1_000);
        assertEquals(Set.copyOf(LongStream.rangeClosed(matches - 999, matches).boxed().toList()), Set.copyOf(window),
                "the ranked window is the newest 1,000");
        List<Float> ranks = seen.subList(0, 1_000).stream().map(hit -> ((Number) hit.get("rank")).floatValue()).toList();
        assertEquals(ranks.stream().sorted(Comparator.reverseOrder()).toList(), ranks, "best first inside the window");
        assertTrue(ranks.get(0) > ranks.get(ranks.size() - 1), "the ranks differ, so the order above means something");
        assertEquals(LongStream.iterate(matches - 1_000, seq -> seq - 1).limit(matches - 1_000).boxed().toList(),
                seqs.subList(1_000, matches), "past the window: newest first");
    }

    /** The identity topic may carry a backlog from other suites on a shared machine: wait longer than Api does. */
    private void awaitProjected(UUID ws, String userId) {
        IdentityFixture.awaitProjected(Duration.ofSeconds(180), () -> directory.principal(ws, userId).isPresent());
    }

    private static String searchUrl(UUID ws, String q, String extra) {
        return Api.ws(ws) + "/search/messages?q=" + q + (extra == null ? "" : "&" + extra);
    }

    private static JsonPath search(TestPerson person, UUID ws, String q, String extra) {
        return Api.as(person).get(searchUrl(ws, q, extra)).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> bodies(JsonPath page) {
        return page.getList("items.message.body", String.class);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
