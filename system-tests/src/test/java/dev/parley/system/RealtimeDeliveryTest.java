package dev.parley.system;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.RealtimeClient;
import dev.parley.common.testing.TestPerson;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.parley.system.RunningSuite.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Realtime with every part real (issue 8): a message posted through the gateway reaches, over WebSocket, the
 * sockets of the people who may see it — on two gateway instances at once — and nobody else's: not another client,
 * not a team member without access, not someone of another workspace.
 */
@ExtendWith(RunningSuite.class)
class RealtimeDeliveryTest {
    private static final int SECOND_GATEWAY = 8090;
    private static Process secondGateway;

    private static TestPerson owner;
    private static TestPerson carla;
    private static TestPerson chris;
    private static TestPerson tom;
    private static TestPerson outsider;
    private static String workspaceId;
    private static String carlasConversation;

    @BeforeAll
    static void twoGatewaysAndAWorkspace() throws Exception {
        RunningSuite.start();
        secondGateway = RunningSuite.startSecond("gateway", SECOND_GATEWAY);

        owner = Keycloak.person("Olivia");
        carla = Keycloak.person("Carla");
        chris = Keycloak.person("Chris");
        tom = Keycloak.person("Tom");
        outsider = Keycloak.person("Otto");
        workspaceId = as(owner.token()).body(Map.of("name", "Realtime salon"))
                .post("/api/v1/workspaces").then().statusCode(201).extract().path("id");
        as(outsider.token()).body(Map.of("name", "Another salon")).post("/api/v1/workspaces").then().statusCode(201);
        String noAccess = as(owner.token()).body(Map.of("name", "Front of house (no chats)", "permissions", List.of()))
                .post(workspace("/permission-groups")).then().statusCode(201).extract().path("id");
        as(owner.token()).body(Map.of("email", tom.email(), "displayName", tom.displayName(), "groupIds", List.of(noAccess)))
                .post(workspace("/members")).then().statusCode(201);
        String carlaId = client(carla);
        client(chris);
        carlasConversation = RunningSuite.clientConversation(owner.token(), workspaceId, carlaId);
    }

    @AfterAll
    static void stopSecondGateway() throws InterruptedException {
        RunningSuite.stop(secondGateway);
    }

    @Test
    void aPostedMessageReachesExactlyTheSocketsAllowedToSeeItOnBothGatewayInstances() throws Exception {
        try (RealtimeClient carlaOnFirst = connect(8080, carla);
             RealtimeClient carlaOnSecond = connect(SECOND_GATEWAY, carla);
             RealtimeClient ownerOnSecond = connect(SECOND_GATEWAY, owner);
             RealtimeClient chrisOnFirst = connect(8080, chris);
             RealtimeClient tomOnFirst = connect(8080, tom);
             RealtimeClient outsiderOnSecond = connect(SECOND_GATEWAY, outsider)) {

            // each gateway instance reads from the live end of the topic: post until both have joined their group
            String messageId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                String id = post("Your appointment is tomorrow at 10:00");
                Thread.sleep(1_000);
                return received(carlaOnFirst, id) && received(carlaOnSecond, id) ? id : null;
            }, id -> id != null);

            await().atMost(Duration.ofSeconds(10)).until(() -> received(ownerOnSecond, messageId));
            Thread.sleep(2_000); // time for a wrong delivery to show up
            for (RealtimeClient nobody : List.of(chrisOnFirst, tomOnFirst, outsiderOnSecond)) {
                // (Chris may well get his own conversation's welcome message: only Carla's conversation matters here)
                List<JsonObject> leaked = nobody.frames.stream()
                        .filter(f -> carlasConversation.equals(f.getString("conversationId"))).toList();
                assertTrue(leaked.isEmpty(), "a socket that may not see Carla's conversation got " + leaked);
            }
            JsonObject frame = carlaOnFirst.ofType("message.posted").stream()
                    .filter(f -> messageId.equals(f.getJsonObject("data").getString("messageId"))).findFirst().orElseThrow();
            assertEquals(workspaceId, frame.getString("workspaceId"));
            assertEquals("Your appointment is tomorrow at 10:00", frame.getJsonObject("data").getString("body"));
            assertTrue(!frame.getJsonObject("data").containsKey("visibleTo"), "the audience is not revealed");
        }
    }

    private static boolean received(RealtimeClient socket, String messageId) {
        return socket.ofType("message.posted").stream()
                .anyMatch(f -> messageId.equals(f.getJsonObject("data").getString("messageId")));
    }

    private static String client(TestPerson person) {
        return as(owner.token()).body(Map.of("email", person.email(), "displayName", person.displayName()))
                .post(workspace("/clients")).then().statusCode(201).extract().path("id");
    }

    private static String post(String body) {
        return as(owner.token()).body(Map.of("body", body, "clientMessageId", UUID.randomUUID().toString()))
                .post(workspace("/conversations/" + carlasConversation + "/messages"))
                .then().statusCode(201).extract().path("id");
    }

    private static RealtimeClient connect(int port, TestPerson person) throws Exception {
        return RealtimeClient.connect(port, person.token());
    }

    private static String workspace(String path) {
        return "/api/v1/workspaces/" + workspaceId + path;
    }
}
