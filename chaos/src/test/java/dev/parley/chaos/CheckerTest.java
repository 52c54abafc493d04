package dev.parley.chaos;

import dev.parley.chaos.AttemptLog.Attempt;
import dev.parley.chaos.AttemptLog.Outcome;
import dev.parley.chaos.Checker.Evidence;
import dev.parley.chaos.Checker.PostedEvent;
import dev.parley.chaos.Checker.Result;
import dev.parley.chaos.Checker.StoredMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker must pass a run where everything survived and fail each way a run can go wrong: a lost, duplicated,
 * changed or invented message, a seq gap, an event missing or published twice under different ids, a consumer that
 * skipped an event, a dead-letter count that differs from the poison count, lag left over.
 */
class CheckerTest {
    private static final String SENDER = "owner-user";
    private static final String CONVERSATION = "c1";

    /** A clean world: welcome message seq 1, then f-0..f-(n-1) acknowledged, stored, published and applied. */
    private static final class World {
        final List<Attempt> attempts = new ArrayList<>();
        final List<StoredMessage> messages = new ArrayList<>();
        final List<PostedEvent> events = new ArrayList<>();
        final Map<String, Set<String>> applied = new HashMap<>();
        final Map<String, Integer> notifications = new HashMap<>();
        final Map<String, Long> lastSeq = new HashMap<>();
        Map<String, Long> poisonSent = Map.of();
        Map<String, Long> deadLettered = Map.of();
        long lag;

        World(int n) {
            messages.add(new StoredMessage("welcome", CONVERSATION, 1, "Welcome", null, null));
            Set<String> notificationConsumer = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                String cmid = "f-" + i;
                String id = "m" + i;
                long seq = i + 2;
                attempts.add(new Attempt(1000 + i, cmid, CONVERSATION, 1, Outcome.UNKNOWN, 0, null, 0));
                attempts.add(new Attempt(2000 + i, cmid, CONVERSATION, 2, Outcome.OK, 201, id, seq));
                messages.add(new StoredMessage(id, CONVERSATION, seq, AttemptLog.bodyOf(cmid), cmid, SENDER));
                events.add(new PostedEvent("e" + i, id, CONVERSATION, cmid));
                notificationConsumer.add("e" + i);
                notifications.put(id, 1);
            }
            applied.put("notification.message-events", notificationConsumer);
            lastSeq.put(CONVERSATION, (long) n + 1);
        }

        Result check() {
            return Checker.check(new Evidence("f-", attempts, SENDER, lastSeq, messages, events, applied, notifications,
                    poisonSent, deadLettered, lag, 0));
        }
    }

    @Test
    void everythingSurvivedPasses() {
        World world = new World(5);
        world.events.add(new PostedEvent("e2", "m2", CONVERSATION, "f-2")); // a redelivery under the same id is fine
        Result result = world.check();
        assertTrue(result.passed(), result.problems().toString());
        assertEquals(5, result.attempted());
        assertEquals(5, result.acknowledged());
        assertEquals(5, result.found());
        assertEquals(0, result.lost());
        assertEquals(0, result.duplicates());
    }

    @Test
    void anAcknowledgedMessageMissingIsLostAndLeavesAGap() {
        World world = new World(5);
        world.messages.removeIf(m -> "m2".equals(m.id()));
        Result result = world.check();
        assertFalse(result.passed());
        assertEquals(1, result.lost());
        assertEquals(4, result.found());
        assertHas(result, "acknowledged message lost");
        assertHas(result, "seq gap or repeat");
        assertHas(result, "event for a message that is not stored");
    }

    @Test
    void aSecondRowForOneClientMessageIdIsADuplicate() {
        World world = new World(3);
        world.messages.add(new StoredMessage("m1bis", CONVERSATION, 5, AttemptLog.bodyOf("f-1"), "f-1", SENDER));
        world.lastSeq.put(CONVERSATION, 5L);
        world.events.add(new PostedEvent("e1bis", "m1bis", CONVERSATION, "f-1"));
        Result result = world.check();
        assertEquals(1, result.duplicates());
        assertHas(result, "duplicate message");
    }

    @Test
    void aMessageNobodyAttemptedFails() {
        World world = new World(2);
        world.messages.add(new StoredMessage("ghost", CONVERSATION, 4, AttemptLog.bodyOf("f-9"), "f-9", SENDER));
        world.lastSeq.put(CONVERSATION, 4L);
        assertHas(world.check(), "message never attempted");
    }

    @Test
    void aChangedBodyOrAnotherIdThanAcknowledgedFails() {
        World world = new World(2);
        StoredMessage m = world.messages.remove(1);
        world.messages.add(1, new StoredMessage(m.id(), m.conversationId(), m.seq(), "something else", m.clientMessageId(), SENDER));
        assertHas(world.check(), "body changed");

        World other = new World(2);
        other.attempts.add(new Attempt(3000, "f-0", CONVERSATION, 3, Outcome.OK, 200, "m-other", 2));
        assertHas(other.check(), "retry answered with another message");
    }

    @Test
    void aPostThatNeverGotThroughMeansNoRecovery() {
        World world = new World(2);
        world.attempts.add(new Attempt(5000, "f-7", CONVERSATION, 1, Outcome.UNKNOWN, 0, null, 0));
        world.attempts.add(new Attempt(6000, "f-7", CONVERSATION, 2, Outcome.FAILED, 400, null, 0));
        Result result = world.check();
        assertEquals(3, result.attempted());
        assertEquals(2, result.acknowledged());
        assertHas(result, "attempted but never acknowledged");
    }

    @Test
    void seqMustBeGaplessAndMatchLastSeq() {
        World world = new World(3);
        world.lastSeq.put(CONVERSATION, 7L);
        assertHas(world.check(), "seq gap or repeat");

        World repeat = new World(3);
        StoredMessage m = repeat.messages.remove(3);
        repeat.messages.add(new StoredMessage(m.id(), m.conversationId(), 3, m.body(), m.clientMessageId(), SENDER));
        assertHas(repeat.check(), "seq gap or repeat");
    }

    @Test
    void eventsMustExistOnceAndBeAppliedOnce() {
        World missing = new World(3);
        missing.events.removeIf(e -> "e1".equals(e.eventId()));
        assertHas(missing.check(), "MessagePosted missing");

        World twice = new World(3);
        twice.events.add(new PostedEvent("e1-again", "m1", CONVERSATION, "f-1"));
        assertHas(twice.check(), "message published under several event ids");

        World skipped = new World(3);
        skipped.applied.get("notification.message-events").remove("e0");
        assertHas(skipped.check(), "consumer did not apply the event");

        World noNotification = new World(3);
        noNotification.notifications.remove("m2");
        assertHas(noNotification.check(), "notification count is not 1");
    }

    @Test
    void deadLettersMustEqualPoisonAndLagMustBeZero() {
        World world = new World(1);
        world.poisonSent = Map.of("parley.messages.v1.dlq.notification-service", 2L);
        world.deadLettered = Map.of("parley.messages.v1.dlq.notification-service", 1L);
        assertHas(world.check(), "dead-letter count differs from poison count");

        World equal = new World(1);
        equal.poisonSent = Map.of("t.dlq.s", 2L);
        equal.deadLettered = Map.of("t.dlq.s", 2L);
        assertTrue(equal.check().passed());

        World lagging = new World(1);
        lagging.lag = 3;
        assertHas(lagging.check(), "consumer lag not back to 0");
    }

    @Test
    void attemptLinesRoundTripAndGarbageIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("attempts.tsv");
        Attempt ok = new Attempt(42, "f-1", CONVERSATION, 2, Outcome.OK, 201, "m1", 7);
        Attempt unknown = new Attempt(43, "f-2", CONVERSATION, 1, Outcome.UNKNOWN, 0, null, 0);
        try (AttemptLog log = new AttemptLog(file)) {
            log.write(ok);
            log.write(unknown);
        }
        assertEquals(List.of(ok, unknown), AttemptLog.read(file));
        Files.writeString(file, "1\tf-1\tc1\n");
        assertThrows(IllegalArgumentException.class, () -> AttemptLog.read(file));
    }

    @Test
    void statusesMapToOutcomes() {
        assertEquals(Outcome.OK, AttemptLog.outcomeOf(201));
        assertEquals(Outcome.OK, AttemptLog.outcomeOf(200));
        assertEquals(Outcome.UNKNOWN, AttemptLog.outcomeOf(0));
        assertEquals(Outcome.UNKNOWN, AttemptLog.outcomeOf(503));
        assertEquals(Outcome.UNKNOWN, AttemptLog.outcomeOf(500));
        assertEquals(Outcome.FAILED, AttemptLog.outcomeOf(400));
        assertEquals(Outcome.FAILED, AttemptLog.outcomeOf(401));
    }

    private static void assertHas(Result result, String kind) {
        assertFalse(result.passed(), "expected a failure: " + kind);
        assertTrue(result.problems().stream().anyMatch(p -> p.startsWith(kind)),
                "expected a problem '" + kind + "' in " + result.problems());
    }
}
