package dev.parley.conversation.bench;

import dev.parley.common.testing.ConsumerLag;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.conversation.it.Api;
import dev.parley.conversation.messaging.IdentityEventsConsumer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.HdrHistogram.Histogram;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The conversation service's own benchmark (not run by the normal test command; see README):
 * <ol>
 *   <li>loads 1,000,000 messages into one CLIENT conversation (generate_series, the fast path),</li>
 *   <li>posts at a fixed arrival rate (open model: latency is measured from the intended send time, so a stall
 *       is not hidden by the load generator waiting) over HTTP with a real token, into that same conversation,</li>
 *   <li>reads history pages of 50 at random positions over HTTP, and the same keyset query straight against
 *       PostgreSQL for the ratio,</li>
 *   <li>searches the same million over HTTP (a word of one message, a word of every message),</li>
 * </ol>
 * and prints a table with DESIGN section 8's targets beside each figure (also written to target/bench-results.txt).
 * Properties: bench.messages (1000000), bench.rate (500 msg/s), bench.seconds (10), bench.pages (2000),
 * bench.history-rate (2000 req/s), bench.search-rate (20 req/s).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
// only on purpose: a -Dtest pattern that happens to match this class must not start a million-message run
@EnabledIfSystemProperty(named = "parley.bench.conversation", matches = "true")
class ConversationBench {
    private static final int MESSAGES = Integer.getInteger("bench.messages", 1_000_000);
    private static final int RATE = Integer.getInteger("bench.rate", 500);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int PAGES = Integer.getInteger("bench.pages", 2000);
    private static final int HISTORY_RATE = Integer.getInteger("bench.history-rate", 2000);
    private static final int SEARCH_RATE = Integer.getInteger("bench.search-rate", 20);

    @Inject
    AgroalDataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().build();
    private final List<String> table = new ArrayList<>();

    @Test
    void bench() throws Exception {
        String base = "http://127.0.0.1:" + RestAssured.port;
        TestPerson owner = Keycloak.person("Bench");
        TestPerson client = Keycloak.person("Client");
        // on a stack a benchmark has just filled (thousands of clients and members), this instance's consumer group
        // first projects that history: wait for it, so the bench's own workspace is not queued behind it
        ConsumerLag.awaitCaughtUp(List.of(ConfigProvider.getConfig().getValue(
                "mp.messaging.incoming." + IdentityEventsConsumer.CHANNEL + ".group.id", String.class)), Duration.ofMinutes(8));
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.welcomeMessage(""));
        ws.owner(owner);
        UUID clientId = ws.client(client);
        UUID conversationId = Api.awaitConversation(owner, ws.id(), "CLIENT", clientId);

        long loadStart = System.nanoTime();
        load(conversationId, client.userId(), MESSAGES);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        row("load " + MESSAGES + " messages (generate_series)", String.format("%.1f s", loadSeconds), "-");

        String messagesUrl = base + Api.conversation(ws.id(), conversationId) + "/messages";
        // warm up (JIT, connection pools, Kafka producer)
        closedLoop(messagesUrl, owner, 4, 5, false);
        history(messagesUrl, owner, 200, false);

        closedLoop(messagesUrl, owner, 16, 20, true);
        fixedRate(messagesUrl, owner, RATE, SECONDS, true);
        awaitQuiet(conversationId); // an overloaded run leaves posts queued in the service: let them finish first
        history(messagesUrl, owner, PAGES, true);
        String searchUrl = base + "/api/v1/workspaces/" + ws.id() + "/search/messages?q=";
        // search over the same million (issue 9's S5): a word of one message (its number), and one every message has;
        // before the 2,000 req/s history phase, whose queued requests (it overloads the service) the server still
        // works through for many seconds after the driver gave up on them
        searchAtRate(searchUrl, owner, "a word of one message (its number)", i -> String.valueOf(1 + ThreadLocalRandom.current().nextInt(MESSAGES)));
        searchAtRate(searchUrl, owner, "a word of every message (\"lorem\"), first page", i -> "lorem");
        historyAtRate(messagesUrl, owner, HISTORY_RATE, SECONDS);
        historyDirect(conversationId, PAGES);

        String report = "\nconversation-service benchmark, " + Instant.now() + " (one machine, shared 2 cores)\n"
                + String.format("%-58s %-34s %s%n", "measure", "result", "DESIGN section 8 target")
                + String.join("\n", table) + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target/bench-results.txt"), report);
    }

    private void row(String measure, String result, String target) {
        String line = String.format("%-58s %-34s %s", measure, result, target);
        table.add(line);
        System.out.println("BENCH " + line);
    }

    private void load(UUID conversationId, String userId, int count) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into message (id, conversation_id, seq, kind, sender_user_id, sender_type, sender_display_name,
                                         body, highlighted, created_at)
                    select gen_random_uuid(), ?, c.last_seq + g, 'TEXT', ?, 'CLIENT', 'Bench client',
                           'bench message ' || g || ' lorem ipsum dolor sit amet, consectetur adipiscing elit',
                           false, now()
                    from conversation c, generate_series(1, ?) g where c.id = ?""")) {
                insert.setObject(1, conversationId);
                insert.setString(2, userId);
                insert.setInt(3, count);
                insert.setObject(4, conversationId);
                insert.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement(
                    "update conversation set last_seq = (select max(seq) from message where conversation_id = ?), last_activity_at = now() where id = ?")) {
                update.setObject(1, conversationId);
                update.setObject(2, conversationId);
                update.executeUpdate();
            }
            c.commit();
            try (Statement analyze = c.createStatement()) {
                c.setAutoCommit(true);
                analyze.execute("analyze message");
            }
        }
    }

    /** What an open-model phase measured: latency from each request's due time, errors, wall time. */
    private record OpenResult(Histogram latency, long errors, int total, double elapsedSeconds) {
    }

    /**
     * Open model: request i is due at start + i/rate and is sent then, whether or not earlier ones answered; its
     * latency counts from its due time, not from when it was sent. Any status but {@code expected}, a failure or a
     * timeout is an error.
     */
    private OpenResult openModel(int rate, int seconds, IntFunction<HttpRequest> request, int expected) {
        Histogram histogram = new Histogram(3);
        AtomicLong errors = new AtomicLong();
        int total = rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.add(http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                synchronized (histogram) {
                    histogram.recordValue(Math.max(0, System.nanoTime() - due));
                }
                if (failure != null || response.statusCode() != expected) {
                    errors.incrementAndGet();
                }
            }).exceptionally(failure -> null)); // a timeout is counted as an error above, not thrown
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        return new OpenResult(histogram, errors.get(), total, (System.nanoTime() - start) / 1e9);
    }

    private void fixedRate(String url, TestPerson person, int rate, int seconds, boolean report) {
        String bearer = person.bearer();
        OpenResult r = openModel(rate, seconds, i -> HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"bench post " + i + "\",\"clientMessageId\":\""
                        + UUID.randomUUID() + "\"}")).build(), 201);
        if (report) {
            row(String.format("post, open model %d msg/s for %d s (HTTP, real token)", rate, seconds),
                    String.format("%.0f msg/s, %d errors", r.total() / r.elapsedSeconds(), r.errors()), "500 msg/s, no error");
            row("post latency p50 / p99 / max",
                    String.format("%.1f / %.1f / %.1f ms", ms(r.latency().getValueAtPercentile(50)),
                            ms(r.latency().getValueAtPercentile(99)), ms(r.latency().getMaxValue())), "p99 <= 50 ms");
        }
    }

    /** Capacity: {@code clients} posters, each sending its next post when the previous one answered. */
    private void closedLoop(String url, TestPerson person, int clients, int seconds, boolean report) throws Exception {
        Histogram histogram = new Histogram(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        String bearer = person.bearer();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", bearer).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"closed loop\"}")).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 201) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    synchronized (histogram) {
                        histogram.recordValue(System.nanoTime() - start);
                    }
                    done.incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!report) {
            return;
        }
        row(String.format("post, closed loop, %d posters for %d s (capacity)", clients, seconds),
                String.format("%.0f msg/s, %d errors, p50 %.1f / p99 %.1f ms", done.get() / (double) seconds, errors.get(),
                        ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(99))), "-");
    }

    private void history(String url, TestPerson person, int pages, boolean report) throws Exception {
        Histogram histogram = new Histogram(3);
        long errors = 0;
        String bearer = person.bearer();
        for (int i = 0; i < pages; i++) {
            long before = 51 + ThreadLocalRandom.current().nextLong(MESSAGES - 50);
            String query = i % 10 == 0 ? "?limit=50" : "?limit=50&before=" + before;
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + query)).header("Authorization", bearer).GET().build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            histogram.recordValue(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                errors++;
            }
        }
        if (report) {
            row(String.format("history page of 50 from %,d messages (HTTP), %d pages", MESSAGES, pages),
                    String.format("p50 %.2f / p99 %.2f ms, %d errors", ms(histogram.getValueAtPercentile(50)),
                            ms(histogram.getValueAtPercentile(99)), errors), "p99 <= 20 ms");
        }
    }

    /** History pages in the open model at DESIGN's rate (2,000 requests/s), at random positions. */
    private void historyAtRate(String url, TestPerson person, int rate, int seconds) {
        String bearer = person.bearer();
        OpenResult r = openModel(rate, seconds, i -> {
            long before = 51 + ThreadLocalRandom.current().nextLong(MESSAGES - 50);
            return HttpRequest.newBuilder(URI.create(url + "?limit=50&before=" + before))
                    .header("Authorization", bearer).timeout(Duration.ofSeconds(10)).GET().build();
        }, 200);
        row(String.format("history page of 50, open model %,d req/s for %d s (HTTP)", rate, seconds),
                String.format("p50 %.1f / p99 %.1f ms, %.0f req/s done, %d errors", ms(r.latency().getValueAtPercentile(50)),
                        ms(r.latency().getValueAtPercentile(99)), r.total() / r.elapsedSeconds(), r.errors()),
                "p99 <= 20 ms at 2,000 req/s");
    }

    /** Staff search at SEARCH_RATE in the open model; the owner reads the whole conversation. */
    private void searchAtRate(String url, TestPerson person, String what, IntFunction<String> term) {
        String bearer = person.bearer();
        OpenResult r = openModel(SEARCH_RATE, SECONDS, i -> HttpRequest.newBuilder(URI.create(url + term.apply(i)))
                .header("Authorization", bearer).timeout(Duration.ofSeconds(10)).GET().build(), 200);
        row(String.format("search over %,d messages, %s, open model %d req/s for %d s (HTTP)", MESSAGES, what, SEARCH_RATE, SECONDS),
                String.format("p50 %.1f / p99 %.1f ms, %d errors", ms(r.latency().getValueAtPercentile(50)),
                        ms(r.latency().getValueAtPercentile(99)), r.errors()), "-");
    }

    private void historyDirect(UUID conversationId, int pages) throws Exception {
        Histogram histogram = new Histogram(3);
        try (Connection c = dataSource.getConnection();
             PreparedStatement page = c.prepareStatement("""
                     select * from message where conversation_id = ? and seq > 0 and seq < ? order by seq desc limit 51""")) {
            for (int i = 0; i < pages; i++) {
                long before = 51 + ThreadLocalRandom.current().nextLong(MESSAGES - 50);
                long start = System.nanoTime();
                page.setObject(1, conversationId);
                page.setLong(2, before);
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        rows.getString("body");
                    }
                }
                histogram.recordValue(System.nanoTime() - start);
            }
        }
        row("same page straight from PostgreSQL (JDBC), for the ratio",
                String.format("p50 %.2f / p99 %.2f ms", ms(histogram.getValueAtPercentile(50)),
                        ms(histogram.getValueAtPercentile(99))), "-");
    }

    private void awaitQuiet(UUID conversationId) throws Exception {
        long previous = -1;
        while (true) {
            long lastSeq;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement q = c.prepareStatement("select last_seq from conversation where id = ?")) {
                q.setObject(1, conversationId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    lastSeq = rs.getLong(1);
                }
            }
            if (lastSeq == previous) {
                return;
            }
            previous = lastSeq;
            Thread.sleep(3000);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
