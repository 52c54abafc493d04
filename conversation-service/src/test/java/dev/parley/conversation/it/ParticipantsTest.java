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
import dev.parley.events.conversation.ConversationCreated;
import dev.parley.events.conversation.ParticipantAdded;
import dev.parley.events.conversation.ParticipantRoleChanged;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adding, changing and removing participants, with their events on parley.conversations.v1 once each. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ParticipantsTest {

    @Inject
    IdentityDirectory directory;

    @Test
    void theOwnerManagesARoomAndEveryChangeIsPublishedOnce() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson creator = Keycloak.person("Cleo");
        TestPerson agent = Keycloak.person("Wendy");
        TestPerson outsider = Keycloak.person("Nora");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.member(creator, Permission.CONVERSATIONS_MANAGE);
        ws.member(agent);
        ws.member(outsider);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), outsider.userId()).isPresent());

        try (TopicWatcher watcher = TopicWatcher.open(Topics.CONVERSATIONS)) {
            Response created = Api.as(creator).body(Map.of("kind", "INTERNAL", "name", "Ops")).post(Api.ws(ws.id()) + "/conversations");
            created.then().statusCode(201).body("kind", equalTo("INTERNAL")).body("name", equalTo("Ops"));
            UUID room = UUID.fromString(created.jsonPath().getString("id"));
            String path = Api.conversation(ws.id(), room) + "/participants";

            Api.as(creator).body(Map.of("userId", agent.userId(), "role", "AGENT", "access", "READ_ONLY")).post(path)
                    .then().statusCode(201).body("role", equalTo("AGENT")).body("access", equalTo("READ_ONLY"))
                    .body("type", equalTo("MEMBER")).body("displayName", equalTo(agent.displayName()));
            Api.as(creator).body(Map.of("userId", agent.userId())).post(path).then().statusCode(409);
            Api.as(creator).body(Map.of("userId", "nobody-" + UUID.randomUUID())).post(path).then().statusCode(400);
            Api.as(creator).body(Map.of("userId", outsider.userId(), "role", "OWNER")).post(path).then().statusCode(400);
            Api.as(creator).body(Map.of("userId", outsider.userId(), "role", "WATCHER", "access", "WRITE")).post(path).then().statusCode(400);
            Api.as(creator).body(Map.of("userId", outsider.userId(), "colour", "red")).post(path).then().statusCode(400);

            Api.post(agent, ws.id(), room, "read only", null).then().statusCode(403);
            Api.as(agent).body(Map.of("access", "WRITE")).patch(path + "/" + agent.userId()).then().statusCode(403);
            Api.as(creator).body(Map.of("access", "WRITE")).patch(path + "/" + agent.userId()).then().statusCode(200)
                    .body("access", equalTo("WRITE"));
            Api.post(agent, ws.id(), room, "now I write", null).then().statusCode(201);
            Api.as(creator).body(Map.of("role", "AGENT")).patch(path + "/" + creator.userId()).then().statusCode(409);
            Api.as(creator).delete(path + "/" + creator.userId()).then().statusCode(409);

            // the workspace owner is not a participant: an INTERNAL room is not even visible to them
            Api.as(owner).body(Map.of("userId", outsider.userId(), "role", "WATCHER")).post(path).then().statusCode(404);
            Api.as(creator).delete(path + "/" + agent.userId()).then().statusCode(204);
            Api.as(creator).delete(path + "/" + agent.userId()).then().statusCode(404);
            Api.as(agent).get(Api.conversation(ws.id(), room)).then().statusCode(404);

            List<String> participants = Api.as(creator).get(path).jsonPath().getList("userId");
            assertEquals(List.of(creator.userId()), participants);

            var createdEvents = watcher.await(TopicWatcher.ofType("parley.conversation.created.v1")
                    .and(r -> room.toString().equals(r.key())), 1);
            assertEquals(1, createdEvents.size());
            ConversationCreated event = EventJson.read(createdEvents.get(0).value(), ConversationCreated.class);
            assertEquals(creator.userId(), event.createdBy());
            var added = watcher.await(TopicWatcher.ofType("parley.participant.added.v1").and(r -> room.toString().equals(r.key())), 2);
            assertEquals(2, added.size(), "creator and agent, once each");
            assertTrue(added.stream().map(r -> EventJson.read(r.value(), ParticipantAdded.class).role()).toList()
                    .containsAll(List.of("OWNER", "AGENT")));
            var changed = watcher.await(TopicWatcher.ofType("parley.participant.rolechanged.v1").and(r -> room.toString().equals(r.key())), 1);
            assertEquals(1, changed.size());
            assertEquals("WRITE", EventJson.read(changed.get(0).value(), ParticipantRoleChanged.class).access());
            var removed = watcher.await(TopicWatcher.ofType("parley.participant.removed.v1").and(r -> room.toString().equals(r.key())), 1);
            assertEquals(1, removed.size(), "one ParticipantRemoved for one removal");
        }
    }

    @Test
    void aManagerAddsTeamMembersToAClientConversationButNeverMovesTheClient() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson agent = Keycloak.person("Wendy");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.member(agent);
        UUID carlaId = ws.client(carla);
        UUID conversation = Api.awaitConversation(owner, ws.id(), "CLIENT", carlaId);
        String path = Api.conversation(ws.id(), conversation) + "/participants";
        Api.as(agent).get(Api.conversation(ws.id(), conversation)).then().statusCode(404);
        Api.as(owner).body(Map.of("userId", agent.userId())).post(path).then().statusCode(201).body("role", equalTo("AGENT"));
        Api.post(agent, ws.id(), conversation, "hello Carla", null).then().statusCode(201);
        Api.as(owner).delete(path + "/" + carla.userId()).then().statusCode(409);
        Api.as(owner).body(Map.of("role", "AGENT")).patch(path + "/" + carla.userId()).then().statusCode(400);
        Api.as(carla).get(path).then().statusCode(403);
    }
}
