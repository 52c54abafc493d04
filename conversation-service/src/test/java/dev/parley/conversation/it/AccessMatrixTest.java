package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.parley.common.identity.Permission.CHATS_ACCESS;
import static dev.parley.common.identity.Permission.CHATS_REPLY;
import static dev.parley.common.identity.Permission.CONVERSATIONS_MANAGE;
import static dev.parley.common.identity.Permission.PRIVATE_ACCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every persona (a permission set, an assignment, a participant role, a client inside or outside) against every
 * conversation kind, over HTTP with real tokens: read (GET the conversation, its history, the list), write (POST a
 * message) and manage participants (PATCH a participant). The expectations are DESIGN section 3's table written
 * out by hand, not computed by the AccessPolicy under test. Search is held to the same table: its read rule is SQL
 * of its own (SearchRepository), so each cell also searches for a word only that kind's conversation holds.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AccessMatrixTest {
    enum Kind { CLIENT, ORGANISATION, GROUP, INTERNAL, PRIVATE, ANNOUNCEMENT }

    /** persona → expectations per kind in the order of {@link Kind}: R read, W write, M manage participants. */
    static final Map<String, String[]> TABLE = new LinkedHashMap<>();

    static {
        //                                CLIENT ORGANISATION GROUP  INTERNAL PRIVATE ANNOUNCEMENT
        TABLE.put("olivia-owner-all", row("RWM", "RWM", "RWM", "RWM", "RWM", "RWM"));
        TABLE.put("nora-nothing", row("---", "---", "---", "---", "---", "---"));
        TABLE.put("ava-access", row("R--", "R--", "R--", "---", "---", "R--"));
        TABLE.put("rex-reply-only", row("---", "---", "---", "---", "---", "---"));
        TABLE.put("aria-access-reply", row("RW-", "RW-", "RW-", "---", "---", "RW-"));
        TABLE.put("pia-private", row("---", "---", "---", "---", "RW-", "---"));
        TABLE.put("sam-assigned", row("RW-", "---", "---", "---", "---", "---"));
        TABLE.put("max-manage-only", row("---", "---", "---", "---", "---", "---"));
        TABLE.put("mia-access-manage", row("R-M", "R-M", "R-M", "---", "---", "R-M"));
        TABLE.put("wendy-agent-write", row("RW-", "RW-", "RW-", "RW-", "---", "RW-"));
        TABLE.put("rita-agent-readonly-with-reply", row("R--", "R--", "R--", "R--", "---", "R--"));
        TABLE.put("walt-watcher", row("R--", "R--", "R--", "R--", "---", "R--"));
        TABLE.put("carla-client-participant", row("RW-", "RW-", "RW-", "---", "RW-", "R--"));
        TABLE.put("dave-other-client", row("---", "---", "---", "---", "---", "---"));
    }

    private static String[] row(String... cells) {
        return cells;
    }

    static IdentityFixture.Workspace ws;
    static final Map<String, TestPerson> people = new LinkedHashMap<>();
    static final Map<Kind, UUID> conversations = new EnumMap<>(Kind.class);
    static UUID otherWorkspaceConversation;
    static TestPerson otherOwner;

    @Inject
    IdentityDirectory directory;

    @BeforeEach
    void scenario() {
        if (ws != null) {
            return;
        }
        for (String persona : TABLE.keySet()) {
            people.put(persona, Keycloak.person(persona.substring(0, persona.indexOf('-'))));
        }
        ws = IdentityFixture.workspace(s -> s.privateMessagingEnabled(true));
        ws.owner(p("olivia"));
        ws.member(p("nora"));
        ws.member(p("ava"), CHATS_ACCESS);
        ws.member(p("rex"), CHATS_REPLY);
        ws.member(p("aria"), CHATS_ACCESS, CHATS_REPLY);
        ws.member(p("pia"), PRIVATE_ACCESS);
        UUID sam = ws.member(p("sam"));
        ws.member(p("max"), CONVERSATIONS_MANAGE);
        ws.member(p("mia"), CHATS_ACCESS, CONVERSATIONS_MANAGE);
        ws.member(p("wendy"));
        ws.member(p("rita"), CHATS_ACCESS, CHATS_REPLY);
        ws.member(p("walt"));
        UUID acme = ws.organisation("Acme");
        UUID carla = ws.client(p("carla"), acme);
        ws.client(p("dave"));
        ws.assign(carla, sam);
        IdentityFixture.awaitProjected(() -> directory.isAssigned(ws.id(), carla, sam));

        TestPerson olivia = p("olivia");
        conversations.put(Kind.CLIENT, Api.awaitConversation(olivia, ws.id(), "CLIENT", carla));
        conversations.put(Kind.ORGANISATION, Api.awaitConversation(p("carla"), ws.id(), "ORGANISATION", null));
        conversations.put(Kind.PRIVATE, Api.awaitConversation(olivia, ws.id(), "PRIVATE", carla));
        List<Map<String, Object>> agents = List.of(
                Map.of("userId", p("wendy").userId(), "role", "AGENT", "access", "WRITE"),
                Map.of("userId", p("rita").userId(), "role", "AGENT", "access", "READ_ONLY"),
                Map.of("userId", p("walt").userId(), "role", "WATCHER"));
        List<Map<String, Object>> withCarla = new ArrayList<>(agents);
        withCarla.add(Map.of("userId", p("carla").userId()));
        conversations.put(Kind.GROUP, create(olivia, "GROUP", "Acme project", withCarla));
        conversations.put(Kind.INTERNAL, create(olivia, "INTERNAL", "Team", agents));
        conversations.put(Kind.ANNOUNCEMENT, create(olivia, "ANNOUNCEMENT", "News", withCarla));
        for (Kind kind : List.of(Kind.CLIENT, Kind.ORGANISATION)) {
            for (Map<String, Object> agent : agents) {
                Api.as(olivia).body(agent).post(Api.conversation(ws.id(), conversations.get(kind)) + "/participants")
                        .then().statusCode(201);
            }
        }

        for (Kind kind : Kind.values()) { // one word per kind, found by search exactly where the persona reads
            Api.post(olivia, ws.id(), conversations.get(kind), "marked " + marker(kind), null).then().statusCode(201);
        }

        otherOwner = Keycloak.person("Otto");
        IdentityFixture.Workspace other = IdentityFixture.workspace();
        other.owner(otherOwner);
        otherWorkspaceConversation = create(otherOwner, other.id(), "INTERNAL", "Elsewhere", List.of());
    }

    private static TestPerson p(String name) {
        return people.entrySet().stream().filter(e -> e.getKey().startsWith(name + "-")).findFirst().orElseThrow().getValue();
    }

    private static String marker(Kind kind) {
        return "searchmark" + kind.name().toLowerCase();
    }

    private static UUID create(TestPerson creator, String kind, String name, List<Map<String, Object>> participants) {
        return create(creator, ws.id(), kind, name, participants);
    }

    private static UUID create(TestPerson creator, UUID workspaceId, String kind, String name,
                               List<Map<String, Object>> participants) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response response = Api.as(creator).body(Map.of("kind", kind, "name", name, "participants", participants))
                    .post(Api.ws(workspaceId) + "/conversations");
            if (response.statusCode() == 201) {
                return UUID.fromString(response.jsonPath().getString("id"));
            }
            if (response.statusCode() != 404 || System.currentTimeMillis() > deadline) {
                throw new AssertionError("create " + kind + ": " + response.statusCode() + " " + response.asString());
            }
            Api.sleep(100); // the creator's MemberJoined is not projected yet
        }
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Map.Entry<String, String[]> row : TABLE.entrySet()) {
            for (Kind kind : Kind.values()) {
                cells.add(Arguments.of(row.getKey(), kind, row.getValue()[kind.ordinal()]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @MethodSource("cells")
    void theAccessTableOverHttp(String persona, Kind kind, String expected) {
        TestPerson person = people.get(persona);
        UUID conversationId = conversations.get(kind);
        boolean read = expected.charAt(0) == 'R';
        boolean write = expected.charAt(1) == 'W';
        boolean manage = expected.charAt(2) == 'M';
        String path = Api.conversation(ws.id(), conversationId);

        Api.as(person).get(path).then().statusCode(read ? 200 : 404);
        Api.as(person).get(path + "/messages").then().statusCode(read ? 200 : 404);
        List<String> listed = Api.list(person, ws.id(), "kind=" + kind + "&limit=100").getList("items.id");
        assertEquals(read, listed.contains(conversationId.toString()), "listed");
        if (read) {
            assertEquals(write, Api.as(person).get(path).jsonPath().getBoolean("canWrite"), "canWrite");
        }

        String search = Api.ws(ws.id()) + "/search/messages?q=" + marker(kind);
        assertEquals(read ? List.of(conversationId.toString()) : List.of(), Api.as(person).get(search).then()
                .statusCode(200).extract().jsonPath().getList("items.message.conversationId"), "found by search");
        Api.as(person).get(search + "&conversationId=" + conversationId).then().statusCode(read ? 200 : 404);

        Response posted = Api.post(person, ws.id(), conversationId, persona + " writes in " + kind, null);
        assertEquals(write ? 201 : read ? 403 : 404, posted.statusCode(), posted.asString());

        // a no-op role change of a participant: the manage check comes before anything else about it
        boolean clientOnly = kind == Kind.PRIVATE;
        String target = clientOnly ? p("carla").userId() : p("walt").userId();
        Response managed = Api.as(person).body(Map.of("role", "WATCHER"))
                .patch(path + "/participants/" + target);
        int allowed = clientOnly ? 400 : 200;
        assertEquals(manage ? allowed : read ? 403 : 404, managed.statusCode(), managed.asString());

        Response participants = Api.as(person).get(path + "/participants");
        boolean client = persona.startsWith("carla") || persona.startsWith("dave");
        assertEquals(read ? (client ? 403 : 200) : 404, participants.statusCode(), participants.asString());
    }

    @Test
    void anotherWorkspacesConversationIsNotFoundEvenForItsOwnerThroughTheWrongWorkspace() {
        Api.as(p("olivia")).get(Api.conversation(ws.id(), otherWorkspaceConversation)).then().statusCode(404);
        Api.post(p("olivia"), ws.id(), otherWorkspaceConversation, "hello", null).then().statusCode(404);
        Api.as(otherOwner).get(Api.conversation(ws.id(), conversations.get(Kind.INTERNAL))).then().statusCode(404)
                .body("code", org.hamcrest.Matchers.equalTo("not-found"));
        Api.as(otherOwner).get(Api.ws(ws.id()) + "/conversations").then().statusCode(404);
        Api.as(p("olivia")).get(Api.conversation(ws.id(), UUID.randomUUID())).then().statusCode(404);
        Api.as(p("olivia")).get(Api.conversation(ws.id(), UUID.randomUUID()) + "/messages").then().statusCode(404);
        Api.as(p("olivia")).get(Api.conversation(UUID.randomUUID(), conversations.get(Kind.CLIENT))).then().statusCode(404);
    }

    @Test
    void withoutATokenEverythingIs401() {
        String path = Api.conversation(ws.id(), conversations.get(Kind.CLIENT));
        RestAssured.given().get(path).then().statusCode(401);
        RestAssured.given().contentType("application/json").body(Map.of("body", "x")).post(path + "/messages")
                .then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer not-a-token").get(Api.ws(ws.id()) + "/unread")
                .then().statusCode(401);
    }

    @Test
    void clientsNeverCreateRoomsNorAddParticipants() {
        Api.as(p("carla")).body(Map.of("kind", "GROUP", "name", "mine")).post(Api.ws(ws.id()) + "/conversations")
                .then().statusCode(403);
        Api.as(p("carla")).body(Map.of("userId", p("nora").userId()))
                .post(Api.conversation(ws.id(), conversations.get(Kind.GROUP)) + "/participants").then().statusCode(403);
        Api.as(p("ava")).body(Map.of("kind", "INTERNAL", "name", "no")).post(Api.ws(ws.id()) + "/conversations")
                .then().statusCode(403);
        Api.as(p("max")).body(Map.of("kind", "CLIENT", "name", "no")).post(Api.ws(ws.id()) + "/conversations")
                .then().statusCode(400);
    }

    @Test
    void groupRoomsHoldClientsOfOneOrganisationAndInternalRoomsNone() {
        Response internal = Api.as(p("olivia")).body(Map.of("kind", "INTERNAL", "name", "x",
                "participants", List.of(Map.of("userId", p("carla").userId())))).post(Api.ws(ws.id()) + "/conversations");
        assertEquals(400, internal.statusCode(), internal.asString());
        // dave has no organisation: he cannot join Acme's group
        Response group = Api.as(p("olivia")).body(Map.of("userId", p("dave").userId()))
                .post(Api.conversation(ws.id(), conversations.get(Kind.GROUP)) + "/participants");
        assertEquals(400, group.statusCode(), group.asString());
        assertTrue(group.asString().contains("organisation"));
    }
}
