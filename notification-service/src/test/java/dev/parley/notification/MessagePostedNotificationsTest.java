package dev.parley.notification;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.Topics;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** MessagePosted from the real Kafka → in-app notifications over the real API with real tokens. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MessagePostedNotificationsTest {
    private final TestPerson sender = Keycloak.person("Sally");
    private final TestPerson recipient = Keycloak.person("Rita");
    private final TestPerson outsider = Keycloak.person("Otto");
    private final UUID workspace = UUID.randomUUID();

    @Test
    void everyoneWhoMaySeeTheMessageButItsSenderIsNotifiedOnceEvenWhenTheEventComesTwice() {
        MessagePosted posted = posted("Your appointment is confirmed", List.of(sender.userId(), recipient.userId()));
        UUID eventId = UUID.randomUUID();
        TestEvents.publish(eventId, posted.conversationId().toString(), posted);
        TestEvents.publish(eventId, posted.conversationId().toString(), posted);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(recipient).body("items", hasSize(1)));
        // the duplicate, published after the original, has been consumed once this later event is visible
        MessagePosted later = posted("second", List.of(recipient.userId()));
        TestEvents.publish(later.conversationId().toString(), later);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(recipient).body("items", hasSize(2)));

        inbox(recipient)
                .body("unreadCount", is(2))
                .body("items[1].messageId", equalTo(posted.messageId().toString()))
                .body("items[1].preview", equalTo("Your appointment is confirmed"));
        inbox(sender).body("items", hasSize(0));
        inbox(outsider).body("items", hasSize(0));
    }

    @Test
    void markingOneAndAllRead() {
        MessagePosted first = posted("one", List.of(recipient.userId()));
        MessagePosted second = posted("two", List.of(recipient.userId()));
        TestEvents.publish(first.conversationId().toString(), first);
        TestEvents.publish(second.conversationId().toString(), second);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(recipient).body("items", hasSize(2)));

        String id = inbox(recipient).extract().path("items[0].id");
        given().auth().oauth2(recipient.token()).post(path() + "/" + id + "/read").then().statusCode(204);
        inbox(recipient).body("unreadCount", is(1));
        given().auth().oauth2(outsider.token()).post(path() + "/" + id + "/read").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not-found"));

        given().auth().oauth2(recipient.token()).post(path() + "/read-all").then().statusCode(204);
        inbox(recipient).body("unreadCount", is(0));
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        try (TopicWatcher deadLetters = TopicWatcher.open("parley.messages.v1.dlq.notification-service")) {
            String conversation = UUID.randomUUID().toString();
            UUID poisonId = UUID.randomUUID();
            TestEvents.send(Topics.MESSAGES, conversation, poisonId, "parley.message.posted.v1", workspace.toString(),
                    "{not json".getBytes(StandardCharsets.UTF_8));
            MessagePosted after = new MessagePosted(workspace, UUID.fromString(conversation), "CLIENT", null,
                    UUID.randomUUID(), 2, "TEXT", new MessageSender(sender.userId(), "MEMBER", sender.displayName()),
                    "after the poison", List.of(), false, null, null, Instant.now(), List.of(recipient.userId()));
            TestEvents.publish(conversation, after);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> inbox(recipient).body("items", hasSize(1)));
            var dead = deadLetters.await(r -> poisonId.toString().equals(TopicWatcher.header(r, "ce_id")), 1);
            org.junit.jupiter.api.Assertions.assertEquals(1, dead.size(), "the poison event is dead-lettered once");
        }
    }

    @Test
    void noTokenIs401() {
        given().get(path()).then().statusCode(401);
    }

    private MessagePosted posted(String body, List<String> visibleTo) {
        return new MessagePosted(workspace, UUID.randomUUID(), "CLIENT", UUID.randomUUID(), UUID.randomUUID(), 1, "TEXT",
                new MessageSender(sender.userId(), "MEMBER", sender.displayName()), body, List.of(), false, null, null,
                Instant.now(), visibleTo);
    }

    private ValidatableResponse inbox(TestPerson person) {
        return given().auth().oauth2(person.token()).get(path()).then().statusCode(200);
    }

    private String path() {
        return "/api/v1/workspaces/" + workspace + "/notifications";
    }
}
