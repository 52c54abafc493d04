package dev.parley.system;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.announcement.AnnouncementPublished;
import dev.parley.events.conversation.MessagePosted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.parley.system.RunningSuite.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scheduled announcements with two announcement-service processes on one database (issue 7): both poll for due
 * announcements, and each announcement still goes out exactly once — one AnnouncementPublished, one message in
 * each recipient's conversation.
 */
@ExtendWith(RunningSuite.class)
class ScheduledAnnouncementsTest {
    private static final int SECOND_INSTANCE = 8094;
    private static final int ANNOUNCEMENTS = 6;

    private static Process second;
    private static TestPerson owner;
    private static String workspaceId;
    private static Map<String, String> conversationOf; // client's name → their CLIENT conversation

    @BeforeAll
    static void twoInstancesAndAWorkspaceWithTwoClients() throws Exception {
        RunningSuite.start();
        second = RunningSuite.startSecond("announcement-service", SECOND_INSTANCE);
        owner = Keycloak.person("Olivia");
        workspaceId = as(owner.token()).body(Map.of("name", "Announcing salon"))
                .post("/api/v1/workspaces").then().statusCode(201).extract().path("id");
        conversationOf = List.of(Keycloak.person("Carla"), Keycloak.person("Chris")).stream()
                .collect(Collectors.toMap(TestPerson::displayName, ScheduledAnnouncementsTest::clientConversation));
    }

    @AfterAll
    static void stopSecondInstance() throws InterruptedException {
        RunningSuite.stop(second);
    }

    @Test
    void announcementsDueAtTheSameMomentGoOutOnceEachWithTwoInstancesPolling() {
        try (TopicWatcher announcements = TopicWatcher.open(Topics.ANNOUNCEMENTS);
             TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            // all due at one moment a few seconds ahead, so both instances' next polls find them due together
            String due = Instant.now().plusSeconds(8).toString();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= ANNOUNCEMENTS; i++) {
                String id = as(owner.token()).body(Map.of("body", "Holiday hours, part " + i,
                                "audience", Map.of("kind", "ALL_CLIENTS"), "delivery", "DIRECT"))
                        .post(workspace("/announcements")).then().statusCode(201).extract().path("id");
                as(owner.token()).body(Map.of("scheduledAt", due)).post(workspace("/announcements/" + id + "/publish"))
                        .then().statusCode(200).body("status", equalTo("SCHEDULED"));
                ids.add(id);
            }
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(120)).until(() -> "PUBLISHED".equals(
                        as(owner.token()).get(workspace("/announcements/" + id)).then().statusCode(200)
                                .extract().path("status")));
            }

            Set<String> ours = Set.copyOf(ids);
            List<ConsumerRecord<String, byte[]>> published = announcements.await(
                    r -> TopicWatcher.ofType(EventCatalog.ANNOUNCEMENT_PUBLISHED.type()).test(r) && ours.contains(r.key()),
                    ANNOUNCEMENTS, Duration.ofSeconds(30), Duration.ofSeconds(3));
            assertEquals(ours, published.stream().map(r -> EventJson.read(r.value(), AnnouncementPublished.class)
                    .announcementId().toString()).collect(Collectors.toSet()));
            assertEquals(ANNOUNCEMENTS, published.size(), "one AnnouncementPublished per announcement, none twice");

            Set<String> chats = Set.copyOf(conversationOf.values());
            List<MessagePosted> posted = messages.await(r -> TopicWatcher.ofType(EventCatalog.MESSAGE_POSTED.type()).test(r)
                            && chats.contains(r.key())
                            && EventJson.read(r.value(), MessagePosted.class).announcementId() != null,
                    ANNOUNCEMENTS * 2, Duration.ofSeconds(30), Duration.ofSeconds(3))
                    .stream().map(r -> EventJson.read(r.value(), MessagePosted.class)).toList();
            Map<String, Long> perChatAndAnnouncement = posted.stream().collect(Collectors.groupingBy(
                    m -> m.conversationId() + " " + m.announcementId(), Collectors.counting()));
            assertEquals(ANNOUNCEMENTS * 2, perChatAndAnnouncement.size(), "every client got every announcement");
            assertEquals(Set.of(1L), Set.copyOf(perChatAndAnnouncement.values()), "and each once");

            for (String chat : chats) {
                List<Map<String, Object>> history = as(owner.token()).get(workspace("/conversations/" + chat + "/messages"))
                        .then().statusCode(200).extract().path("items");
                Map<Object, Long> shown = history.stream().filter(m -> m.get("announcementId") != null)
                        .collect(Collectors.groupingBy(m -> m.get("announcementId"), Collectors.counting()));
                assertEquals(ours, shown.keySet().stream().map(Object::toString).collect(Collectors.toSet()));
                assertEquals(Set.of(1L), Set.copyOf(shown.values()), "each announcement once in " + chat);
            }
        }
    }

    private static String clientConversation(TestPerson person) {
        String clientId = as(owner.token()).body(Map.of("email", person.email(), "displayName", person.displayName()))
                .post(workspace("/clients")).then().statusCode(201).extract().path("id");
        return RunningSuite.clientConversation(owner.token(), workspaceId, clientId);
    }

    private static String workspace(String path) {
        return "/api/v1/workspaces/" + workspaceId + path;
    }
}
