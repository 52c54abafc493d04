package dev.parley.conversation.it;

import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.conversation.MessagePosted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The post path end to end: real token, real projection from real identity events, real outbox to Kafka. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PostingTest {
    static IdentityFixture.Workspace ws;
    static TestPerson owner;
    static TestPerson carla;
    static UUID carlaId;
    static UUID conversationId;

    /** Once per class, but after Quarkus pointed RestAssured at the random test port (which happens per test). */
    @BeforeEach
    void scenario() {
        if (ws != null) {
            return;
        }
        owner = Keycloak.person("Olivia");
        carla = Keycloak.person("Carla");
        ws = IdentityFixture.workspace(s -> s.welcomeMessage("Welcome to the salon!"));
        ws.owner(owner);
        carlaId = ws.client(carla);
        conversationId = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
    }

    @Test
    void aRegisteredClientHasTheirConversationOpenedByTheWelcomeMessage() {
        List<Map<String, Object>> history = Api.history(owner, ws.id(), conversationId, null);
        Map<String, Object> first = history.get(0);
        assertEquals(1, first.get("seq"));
        assertEquals("SYSTEM", first.get("kind"));
        assertEquals("Welcome to the salon!", first.get("body"));
        Map<?, ?> list = Api.list(owner, ws.id(), "kind=CLIENT&clientId=" + carlaId).getMap("items[0]");
        assertEquals(conversationId.toString(), list.get("id"));
        assertEquals(carlaId.toString(), list.get("clientId"));
    }

    @Test
    void postingStoresTheMessageAndPublishesMessagePostedOnceWithWhoMaySeeIt() {
        try (TopicWatcher watcher = TopicWatcher.open(Topics.MESSAGES)) {
            Response response = Api.post(carla, ws.id(), conversationId, "Can I move my appointment?", null);
            response.then().statusCode(201);
            String messageId = response.jsonPath().getString("id");
            assertEquals("TEXT", response.jsonPath().getString("kind"));
            assertEquals(carla.userId(), response.jsonPath().getString("sender.userId"));
            assertEquals("CLIENT", response.jsonPath().getString("sender.type"));
            assertFalse(response.jsonPath().getBoolean("deleted"));

            List<ConsumerRecord<String, byte[]>> records = watcher.await(r -> r.value() != null
                    && new String(r.value()).contains(messageId), 1);
            assertEquals(1, records.size(), "MessagePosted exactly once");
            ConsumerRecord<String, byte[]> record = records.get(0);
            assertEquals("parley.message.posted.v1", TopicWatcher.header(record, "ce_type"));
            assertEquals(conversationId.toString(), record.key());
            assertEquals(ws.id().toString(), TopicWatcher.header(record, "ce_workspaceid"));
            MessagePosted event = EventJson.read(record.value(), MessagePosted.class);
            assertEquals("CLIENT", event.conversationKind());
            assertEquals(carlaId, event.clientId());
            assertTrue(event.visibleTo().containsAll(List.of(owner.userId(), carla.userId())), event.visibleTo().toString());
        }
    }

    @Test
    void aRetryWithTheSameClientMessageIdReturnsTheOriginal() {
        String clientMessageId = "retry-" + UUID.randomUUID();
        Response first = Api.post(owner, ws.id(), conversationId, "Sure, which day?", clientMessageId);
        first.then().statusCode(201);
        Response retry = Api.post(owner, ws.id(), conversationId, "Sure, which day?", clientMessageId);
        retry.then().statusCode(200);
        assertEquals(first.jsonPath().getString("id"), retry.jsonPath().getString("id"));
        assertEquals(first.jsonPath().getLong("seq"), retry.jsonPath().getLong("seq"));
        assertEquals(clientMessageId, retry.jsonPath().getString("clientMessageId"));
    }

    @Test
    void tenConcurrentIdenticalPostsStoreOneMessage() throws Exception {
        String clientMessageId = "concurrent-" + UUID.randomUUID();
        owner.token(); // fetch the token once, outside the race
        List<Response> responses = concurrently(10, i -> Api.post(owner, ws.id(), conversationId, "Only once", clientMessageId));
        Set<String> ids = responses.stream().map(r -> r.jsonPath().getString("id")).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "one message for ten identical posts");
        assertEquals(1, responses.stream().filter(r -> r.statusCode() == 201).count(), "one 201");
        assertEquals(9, responses.stream().filter(r -> r.statusCode() == 200).count(), "nine 200");
        long stored = Api.history(owner, ws.id(), conversationId, "limit=100").stream()
                .filter(m -> clientMessageId.equals(m.get("clientMessageId"))).count();
        assertEquals(1, stored);
    }

    @Test
    void concurrentPostsGetGaplessDistinctSeqs() throws Exception {
        owner.token();
        carla.token();
        List<Response> responses = concurrently(40, i -> Api.post(i % 2 == 0 ? owner : carla, ws.id(), conversationId,
                "message " + i, null));
        responses.forEach(r -> r.then().statusCode(201));
        List<Long> seqs = responses.stream().map(r -> r.jsonPath().getLong("seq")).sorted().toList();
        assertEquals(40, new HashSet<>(seqs).size(), "no duplicate seq");
        long from = seqs.get(0);
        assertEquals(LongStream.range(from, from + 40).boxed().toList(), seqs, "no gap");
        // and the whole history has no gap either
        List<Long> all = new ArrayList<>();
        Long before = null;
        boolean more = true;
        while (more) {
            var page = Api.as(owner).get(Api.conversation(ws.id(), conversationId) + "/messages?limit=100"
                    + (before == null ? "" : "&before=" + before)).then().statusCode(200).extract().jsonPath();
            List<Long> pageSeqs = page.getList("items.seq", Long.class);
            all.addAll(0, pageSeqs);
            more = page.getBoolean("hasMore");
            before = pageSeqs.isEmpty() ? null : pageSeqs.get(0);
        }
        assertEquals(LongStream.rangeClosed(1, all.size()).boxed().toList(), all);
    }

    interface Call {
        Response call(int i);
    }

    static List<Response> concurrently(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<Response>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(() -> call.call(index));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(tasks)) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
