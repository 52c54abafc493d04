package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * Search latency over 1,000,000 messages in one workspace (issue 5). Off by default; run with
 * {@code mvn -B verify -pl events,auth,common,conversation-service -Dtest='dev/parley/conversation/**}{@code /SearchMeasurementTest'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dparley.bench.search=true}.
 * <p>
 * Loads the messages with SQL ({@code generate_series}, not HTTP) into {@code parley.bench.conversations} GROUP rooms
 * plus one client's CLIENT conversation, with varied text: everyday words with a skewed frequency ("appointment"
 * in about one message in six) and tokens {@code t<k>} whose frequency falls as 1/k (t4000 in a few dozen
 * messages, t30 in a few thousand). Then it
 * measures GET /search/messages sequentially over HTTP with real tokens, for the owner (who reads every
 * conversation) and for the client (who reads one), and prints p50/p99 per query shape.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@EnabledIfSystemProperty(named = "parley.bench.search", matches = "true")
class SearchMeasurementTest {
    private static final int MESSAGES = Integer.getInteger("parley.bench.messages", 1_000_000);
    private static final int ROOMS = Integer.getInteger("parley.bench.conversations", 1_000);
    private static final int SAMPLES = Integer.getInteger("parley.bench.samples", 100);

    @Inject
    IdentityDirectory directory;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void searchOverAMillionMessages() throws SQLException {
        TestPerson owner = Keycloak.person("Bench");
        TestPerson client = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.welcomeMessage(""));
        ws.owner(owner);
        ws.client(client);
        IdentityFixture.awaitProjected(Duration.ofSeconds(300), () -> directory.principal(ws.id(), client.userId()).isPresent());
        UUID clientChat = Api.awaitConversation(client, ws.id(), "CLIENT", null);

        long start = System.nanoTime();
        if (Boolean.getBoolean("parley.bench.keep") && reuse(ws.id(), clientChat)) {
            System.out.printf("reused the %,d messages an earlier run kept%n", MESSAGES);
        } else {
            load(ws.id(), clientChat, owner.userId());
            System.out.printf("loaded %,d messages into %d conversations in %.1f s%n", MESSAGES, ROOMS + 1,
                    (System.nanoTime() - start) / 1e9);
        }
        try {
            StringBuilder table = new StringBuilder(String.format("%n| query (%,d messages, %d conversations) | caller | hits on page 1 | p50 ms | p99 ms |%n|---|---|---|---|---|%n",
                    MESSAGES, ROOMS + 1));
            measure(table, owner, ws.id(), "common word: appointment", "q=appointment");
            measure(table, owner, ws.id(), "two words: appointment tomorrow", "q=appointment tomorrow");
            measure(table, owner, ws.id(), "rare word: t4000", "q=t4000");
            measure(table, owner, ws.id(), "absent word: zzzzzz", "q=zzzzzz");
            measure(table, owner, ws.id(), "common word, one conversation", "q=appointment&conversationId=" + clientChat);
            measure(table, owner, ws.id(), "common word, page 2 (cursor)", "q=appointment", true);
            measure(table, client, ws.id(), "common word: appointment", "q=appointment");
            measure(table, client, ws.id(), "rare word: t30", "q=t30");
            measure(table, client, ws.id(), "common word, her conversation", "q=appointment&conversationId=" + clientChat);
            System.out.println(table);
        } finally {
            if (!Boolean.getBoolean("parley.bench.keep")) {
                execute("delete from conversation where workspace_id = '" + ws.id() + "'");
            }
        }
    }

    private void measure(StringBuilder table, TestPerson caller, UUID ws, String shape, String query) {
        measure(table, caller, ws, shape, query, false);
    }

    private void measure(StringBuilder table, TestPerson caller, UUID ws, String shape, String query, boolean secondPage) {
        String url = Api.ws(ws) + "/search/messages?" + query;
        if (secondPage) {
            String cursor = Api.as(caller).get(url).then().statusCode(200).extract().jsonPath().getString("nextCursor");
            Assertions.assertNotNull(cursor, "a common word has a second page");
            url += "&cursor=" + cursor;
        }
        int hits = 0;
        for (int i = 0; i < 5; i++) { // warm-up: JIT, pools, PostgreSQL's buffers
            hits = Api.as(caller).get(url).then().statusCode(200).extract().jsonPath().getList("items").size();
        }
        long[] micros = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long t0 = System.nanoTime();
            Response response = Api.as(caller).get(url);
            micros[i] = (System.nanoTime() - t0) / 1000;
            Assertions.assertEquals(200, response.statusCode());
        }
        Arrays.sort(micros);
        table.append(String.format("| %s | %s | %d | %.1f | %.1f |%n", shape, caller.firstName(), hits,
                micros[SAMPLES / 2] / 1000.0, micros[(int) Math.ceil(SAMPLES * 0.99) - 1] / 1000.0));
    }

    /**
     * An earlier run's load kept with {@code -Dparley.bench.keep=true} (same message and room counts) moves into this
     * run's workspace: its GROUP rooms change workspace and its client's messages move into this client's
     * conversation. Anything else an earlier run left is deleted. False when there is nothing to reuse.
     */
    private boolean reuse(UUID ws, UUID clientChat) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            UUID kept = null;
            try (ResultSet r = s.executeQuery("""
                    select workspace_id from conversation where kind = 'GROUP' and name = 'Bench room 1'
                    and workspace_id <> '%s' order by created_at desc limit 1""".formatted(ws))) {
                if (r.next()) {
                    kept = r.getObject(1, UUID.class);
                }
            }
            if (kept == null) {
                return false;
            }
            try (ResultSet r = s.executeQuery("""
                    select count(*) filter (where c.kind = 'GROUP'), (select count(*) from message m
                        join conversation mc on mc.id = m.conversation_id where mc.workspace_id = '%1$s')
                    from conversation c where c.workspace_id = '%1$s'""".formatted(kept))) {
                r.next();
                if (r.getLong(1) != ROOMS || r.getLong(2) != MESSAGES) {
                    s.execute("delete from conversation where workspace_id = '" + kept + "'");
                    return false;
                }
            }
            s.execute("""
                    update message set conversation_id = '%s'
                    where conversation_id = (select id from conversation where workspace_id = '%s' and kind = 'CLIENT')"""
                    .formatted(clientChat, kept));
            s.execute("""
                    update conversation set last_seq = (select coalesce(max(seq), 0) from message where conversation_id = id)
                    where id = '%s'""".formatted(clientChat));
            s.execute("update conversation set workspace_id = '%s' where workspace_id = '%s' and kind = 'GROUP'"
                    .formatted(ws, kept));
            s.execute("delete from conversation where workspace_id = '" + kept + "'");
            s.execute("analyze conversation");
            return true;
        }
    }

    /**
     * GROUP rooms created straight in SQL (the owner reads them all by chats.access; the client none), then the
     * messages round-robin over the rooms and the client's conversation, seq per conversation, in batches.
     */
    private void load(UUID ws, UUID clientChat, String ownerUserId) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            load(s, ws, clientChat, ownerUserId);
        }
    }

    private void load(Statement s, UUID ws, UUID clientChat, String ownerUserId) throws SQLException {
        s.execute("""
                insert into conversation (id, workspace_id, kind, name, created_by, created_at, last_seq, last_activity_at)
                select gen_random_uuid(), '%s', 'GROUP', 'Bench room ' || g, '%s', now(), 0, now()
                from generate_series(1, %d) g""".formatted(ws, ownerUserId, ROOMS));
        s.execute("""
                create temporary table bench_room as
                select row_number() over (order by id) - 1 as n, id from conversation
                where workspace_id = '%s' and kind = 'GROUP'
                union all select %d, '%s'::uuid""".formatted(ws, ROOMS, clientChat));
        int conversations = ROOMS + 1;
        int batch = 100_000;
        for (int from = 0; from < MESSAGES; from += batch) {
            s.execute("""
                    insert into message (id, conversation_id, seq, kind, sender_user_id, sender_type, sender_display_name,
                                         body, highlighted, created_at)
                    -- (the word index mentions i so that string_agg belongs to the subquery, one body per row)
                    -- time-ordered ids (UUIDv7 from created_at) like the service's own
                    select %6$s, r.id, g / %1$d + 1, 'TEXT', '%2$s', 'MEMBER', 'Bench',
                           (select string_agg(case when random() < 0.15
                                                   then 't' || floor(exp(random() * ln(50000)))::int
                                                   else w.words[1 + floor(power(random(), 2) * array_length(w.words, 1))::int + 0 * i]
                                              end, ' ')
                            from generate_series(1, 6 + g %% 14) i),
                           false, t.at
                    from generate_series(%4$d, %5$d) g
                    cross join lateral (select now() - make_interval(secs => %3$d - g) as at) t
                    join bench_room r on r.n = g %% %1$d
                    cross join (select array['the', 'a', 'you', 'i', 'we', 'is', 'on', 'at', 'for', 'and',
                        'appointment', 'thanks', 'tomorrow', 'booking', 'please', 'today', 'price', 'invoice', 'haircut', 'colour', 'walk', 'dog', 'cat', 'feeding', 'keys', 'monday', 'friday',
                        'morning', 'afternoon', 'reschedule', 'cancel', 'confirm', 'deposit', 'receipt', 'tax', 'return',
                        'meeting', 'call', 'photo', 'vet', 'groom', 'nails', 'massage', 'session', 'parking', 'late',
                        'early', 'address', 'door', 'code', 'holiday', 'weekend', 'payment', 'card', 'cash', 'refund',
                        'quote', 'estimate', 'report', 'document', 'signature', 'great', 'perfect', 'sorry', 'hello',
                        'bye', 'see', 'with', 'can', 'will', 'be', 'there', 'ten', 'noon', 'six'] as words) w
                    """.formatted(conversations, ownerUserId, MESSAGES, from, Math.min(from + batch, MESSAGES) - 1,
                            Db.timeOrderedId("t.at")));
        }
        s.execute("""
                update conversation c set last_seq = m.max_seq, last_activity_at = now()
                from (select conversation_id, max(seq) as max_seq from message
                      where conversation_id in (select id from bench_room) group by conversation_id) m
                where c.id = m.conversation_id""");
        s.execute("drop table bench_room");
        s.execute("analyze message");
        s.execute("analyze conversation");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
