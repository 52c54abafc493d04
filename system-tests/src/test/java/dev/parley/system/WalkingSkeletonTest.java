package dev.parley.system;

import dev.parley.common.testing.EventSchemas;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStack;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.conversation.MessagePosted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.parley.system.RunningSuite.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path with real parts (issue 2): a Keycloak token, the gateway, conversation-service storing a message
 * and its outbox row in one transaction, the CloudEvent on parley.messages.v1, and notification-service applying it
 * once even when it is delivered twice. Also: no token is a 401 at the gateway, and an event committed while Kafka
 * is down is published once Kafka is back.
 */
@ExtendWith(RunningSuite.class)
class WalkingSkeletonTest {
    private static TestPerson owner;
    private static TestPerson client;
    private static String workspaceId;
    private static String conversationId;

    @BeforeAll
    static void aWorkspaceWithOneClient() {
        RunningSuite.start();
        owner = Keycloak.person("Olivia");
        client = Keycloak.person("Carla");
        workspaceId = as(owner.token()).body(Map.of("name", "Walking skeleton salon"))
                .post("/api/v1/workspaces").then().statusCode(201).extract().path("id");
        String clientId = as(owner.token()).body(Map.of("email", client.email(), "displayName", client.displayName()))
                .post(workspace("/clients")).then().statusCode(201).extract().path("id");
        // ClientRegistered travels identity → Kafka → conversation-service, which opens the client's conversation
        conversationId = RunningSuite.clientConversation(owner.token(), workspaceId, clientId);
    }

    @Test
    void aPostedMessageIsPublishedOnceAndNotifiedOnceEvenWhenItsEventIsDeliveredTwice() {
        try (TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            String messageId = post("Hello from the front desk");

            List<ConsumerRecord<String, byte[]>> published = messages.await(postedEventOf(messageId), 1,
                    Duration.ofSeconds(30), Duration.ofSeconds(2));
            assertEquals(1, published.size(), "MessagePosted is on the topic exactly once");
            ConsumerRecord<String, byte[]> event = published.get(0);
            assertEquals(conversationId, event.key(), "keyed by conversation, so a conversation's events keep their order");
            assertEquals(workspaceId, TopicWatcher.header(event, CloudEventHeaders.WORKSPACE_ID));
            assertEquals("1.0", TopicWatcher.header(event, CloudEventHeaders.SPEC_VERSION));
            assertEquals(List.of(), EventSchemas.violations("parley.message.posted.v1", event.value()));
            MessagePosted data = EventJson.read(event.value(), MessagePosted.class);
            assertTrue(data.visibleTo().contains(client.userId()), "the client may see a message in their conversation");

            await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(messageId).size() == 1);

            TestEvents.redeliver(event);
            // a later message's notification proves the redelivered copy, queued before it, was consumed
            String later = post("And a second one");
            await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf(later).size() == 1);
            assertEquals(1, notificationsOf(messageId).size(), "the redelivered event created no second notification");
        }
    }

    @Test
    void noTokenIs401AtTheGateway() {
        given().baseUri(RunningSuite.GATEWAY).get(workspace("/conversations")).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }

    @Test
    void aMessageCommittedWhileKafkaIsDownIsPublishedWhenKafkaIsBack() {
        try (TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            String stack = LocalStack.repositoryRoot().resolve("deploy/local/stack").toString();
            String messageId;
            LocalStack.run(stack, "down", "kafka");
            try {
                messageId = post("Written while the broker is down");
            } finally {
                LocalStack.run(stack, "up");
            }
            List<ConsumerRecord<String, byte[]>> published = messages.await(postedEventOf(messageId), 1,
                    Duration.ofSeconds(90), Duration.ofSeconds(2));
            assertEquals(1, published.size(), "the outbox published the event once Kafka was back");
        }
    }

    private static String post(String body) {
        return as(owner.token()).body(Map.of("body", body, "clientMessageId", UUID.randomUUID().toString()))
                .post(workspace("/conversations/" + conversationId + "/messages"))
                .then().statusCode(201).extract().path("id");
    }

    private static List<Object> notificationsOf(String messageId) {
        List<Object> items = as(client.token()).queryParam("limit", 100).get(workspace("/notifications"))
                .then().statusCode(200).extract().path("items.findAll { it.messageId == '" + messageId + "' }");
        return items;
    }

    private static Predicate<ConsumerRecord<String, byte[]>> postedEventOf(String messageId) {
        return TopicWatcher.ofType("parley.message.posted.v1")
                .and(r -> EventJson.read(r.value(), MessagePosted.class).messageId().toString().equals(messageId));
    }

    private static String workspace(String path) {
        return "/api/v1/workspaces/" + workspaceId + path;
    }
}
