package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.EventSchemas;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.Topics;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.EventJson;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.notification.NotificationCreated;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** MessagePosted from the real Kafka → in-app notifications over the real API with real tokens. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MessagePostedNotificationsTest {
    /** Generous: the first test of a run waits while the consumer catches up with what other tests published. */
    private static final Duration CONSUMED = Duration.ofSeconds(90);
    private final TestPerson sender = Keycloak.person("Sally");
    private final TestPerson recipient = Keycloak.person("Rita");
    private final TestPerson outsider = Keycloak.person("Otto");
    private final IdentityFixture.Workspace ws = IdentityFixture.workspace();
    private final UUID workspace = ws.id();

    @Inject
    IdentityDirectory directory;

    @BeforeEach
    void team() {
        // members without chats.access: a conversation service running beside the tests posts a welcome message
        // into each new client's chat, which would notify whoever may read client chats
        ws.member(sender);
        ws.member(recipient);
        IdentityFixture.awaitProjected(() -> directory.principal(workspace, recipient.userId()).isPresent()
                && directory.principal(workspace, sender.userId()).isPresent());
    }

    @Test
    void everyoneWhoMaySeeTheMessageButItsSenderIsNotifiedOnceEvenWhenTheEventComesTwice() {
        MessagePosted posted = posted("Your appointment is confirmed", List.of(sender.userId(), recipient.userId()));
        UUID eventId = UUID.randomUUID();
        TestEvents.publish(eventId, posted.conversationId().toString(), posted);
        TestEvents.publish(eventId, posted.conversationId().toString(), posted);

        await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("items", hasSize(1)));
        // the duplicate, published after the original, has been consumed once this later event is visible
        MessagePosted later = posted("second", List.of(recipient.userId()));
        TestEvents.publish(later.conversationId().toString(), later);
        await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("items", hasSize(2)));

        inbox(recipient)
                .body("unreadCount", is(2))
                .body("items[1].messageId", equalTo(posted.messageId().toString()))
                .body("items[1].preview", equalTo("Your appointment is confirmed"));
        inbox(sender).body("items", hasSize(0));
    }

    @Test
    void eachNewNotificationIsPublishedAsNotificationCreatedOnce() {
        try (TopicWatcher events = TopicWatcher.open(Topics.NOTIFICATIONS)) {
            MessagePosted posted = posted("Hello Rita", List.of(sender.userId(), recipient.userId()));
            UUID eventId = UUID.randomUUID();
            TestEvents.publish(eventId, posted.conversationId().toString(), posted);
            TestEvents.publish(eventId, posted.conversationId().toString(), posted);

            await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("items", hasSize(1)));
            String notificationId = inbox(recipient).extract().path("items[0].id");
            // filtered on this instance's notification id: a notification-service of the running local suite, with
            // its own database schema, announces its own notification of the same message
            var created = events.await(r -> TopicWatcher.ofType("parley.notification.created.v1").test(r)
                    && posted.conversationId().toString().equals(r.key())
                    && EventJson.read(r.value(), NotificationCreated.class).notificationId().toString().equals(notificationId),
                    1, CONSUMED, Duration.ofSeconds(3));
            Assertions.assertEquals(1, created.size(), "one NotificationCreated per notification, once");
            Assertions.assertEquals(List.of(), EventSchemas.violations("parley.notification.created.v1", created.get(0).value()));
            NotificationCreated data = EventJson.read(created.get(0).value(), NotificationCreated.class);
            Assertions.assertEquals(recipient.userId(), data.userId());
            Assertions.assertEquals(posted.messageId(), data.messageId());
            Assertions.assertEquals(workspace.toString(), TopicWatcher.header(created.get(0), "ce_workspaceid"));
        }
    }

    @Test
    void readingAConversationMarksItsNotificationsReadUpToTheMarker() {
        UUID conversation = UUID.randomUUID();
        MessagePosted first = posted(conversation, 1, "first", List.of(recipient.userId()));
        MessagePosted second = posted(conversation, 2, "second", List.of(recipient.userId()));
        MessagePosted elsewhere = posted("elsewhere", List.of(recipient.userId()));
        TestEvents.publish(conversation.toString(), first);
        TestEvents.publish(conversation.toString(), second);
        TestEvents.publish(elsewhere.conversationId().toString(), elsewhere);
        await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("unreadCount", is(3)));

        TestEvents.publish(conversation.toString(), new MessagesRead(workspace, conversation, "CLIENT",
                recipient.userId(), "CLIENT", 1, Instant.now()));
        await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("unreadCount", is(2)));
        given().auth().oauth2(recipient.token()).queryParam("unread", true).get(path()).then().statusCode(200)
                .body("items.preview", containsInAnyOrder("second", "elsewhere"));
    }

    @Test
    void someoneWhoIsNobodyInTheWorkspaceGets404Everywhere() {
        given().auth().oauth2(outsider.token()).get(path()).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not-found"));
        given().auth().oauth2(outsider.token()).post(path() + "/read-all").then().statusCode(404);
        given().auth().oauth2(outsider.token()).post(path() + "/" + UUID.randomUUID() + "/read").then().statusCode(404);
        // a real member of another workspace is nobody here too
        given().auth().oauth2(recipient.token()).get("/api/v1/workspaces/" + UUID.randomUUID() + "/notifications")
                .then().statusCode(404);
    }

    @Test
    void badPagingInputIs400() {
        given().auth().oauth2(recipient.token()).queryParam("limit", 101).get(path()).then().statusCode(400);
        given().auth().oauth2(recipient.token()).queryParam("cursor", "nonsense").get(path()).then().statusCode(400);
    }

    @Test
    void markingOneAndAllRead() {
        MessagePosted first = posted("one", List.of(recipient.userId()));
        MessagePosted second = posted("two", List.of(recipient.userId()));
        TestEvents.publish(first.conversationId().toString(), first);
        TestEvents.publish(second.conversationId().toString(), second);
        await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("items", hasSize(2)));

        String id = inbox(recipient).extract().path("items[0].id");
        given().auth().oauth2(recipient.token()).post(path() + "/" + id + "/read").then().statusCode(204);
        inbox(recipient).body("unreadCount", is(1));
        given().auth().oauth2(sender.token()).post(path() + "/" + id + "/read").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not-found"));

        given().auth().oauth2(recipient.token()).post(path() + "/read-all").then().statusCode(204);
        inbox(recipient).body("unreadCount", is(0));
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        try (TopicWatcher deadLetters = TopicWatcher.open("parley.messages.v1.dlq.notification-service-test")) {
            String conversation = UUID.randomUUID().toString();
            UUID poisonId = UUID.randomUUID();
            TestEvents.send(Topics.MESSAGES, conversation, poisonId, "parley.message.posted.v1", workspace.toString(),
                    "{not json".getBytes(StandardCharsets.UTF_8));
            MessagePosted after = new MessagePosted(workspace, UUID.fromString(conversation), "CLIENT", null,
                    UUID.randomUUID(), 2, "TEXT", new MessageSender(sender.userId(), "MEMBER", sender.displayName()),
                    "after the poison", List.of(), false, null, null, Instant.now(), List.of(recipient.userId()));
            TestEvents.publish(conversation, after);

            await().atMost(CONSUMED).untilAsserted(() -> inbox(recipient).body("items", hasSize(1)));
            var dead = deadLetters.await(r -> poisonId.toString().equals(TopicWatcher.header(r, "ce_id")), 1);
            org.junit.jupiter.api.Assertions.assertEquals(1, dead.size(), "the poison event is dead-lettered once");
        }
    }

    @Test
    void noTokenIs401() {
        given().get(path()).then().statusCode(401);
    }

    private MessagePosted posted(String body, List<String> visibleTo) {
        return posted(UUID.randomUUID(), 1, body, visibleTo);
    }

    private MessagePosted posted(UUID conversation, long seq, String body, List<String> visibleTo) {
        return new MessagePosted(workspace, conversation, "CLIENT", UUID.randomUUID(), UUID.randomUUID(), seq, "TEXT",
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
