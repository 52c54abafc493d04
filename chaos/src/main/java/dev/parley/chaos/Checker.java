package dev.parley.chaos;

import dev.parley.chaos.AttemptLog.Attempt;
import dev.parley.chaos.AttemptLog.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What must hold after a fault, healed and drained: pure logic over the evidence the run collected (the attempt
 * log, the rows in PostgreSQL, the events on Kafka, the consumers' records), so it is unit-tested without a stack.
 *
 * <p>A fault's messages are those whose client message id starts with the fault's prefix; sequence numbers are
 * checked over whole conversations (every fault's messages and the welcome message together).
 */
final class Checker {
    /** How many examples of one kind of problem the report lists before it only counts. */
    private static final int EXAMPLES = 5;

    /** A row of conversation-service's message table. */
    record StoredMessage(String id, String conversationId, long seq, String body, String clientMessageId,
                         String senderUserId) {
    }

    /** A parley.message.posted.v1 record read from parley.messages.v1. */
    record PostedEvent(String eventId, String messageId, String conversationId, String clientMessageId) {
    }

    /** Everything the checker looks at for one fault. */
    record Evidence(
            String prefix,
            List<Attempt> attempts,
            String loadSender,
            Map<String, Long> lastSeq,
            List<StoredMessage> messages,
            List<PostedEvent> events,
            Map<String, Set<String>> applied,
            Map<String, Integer> notifications,
            Map<String, Long> poisonSent,
            Map<String, Long> deadLettered,
            long lag,
            long outbox) {
    }

    record Result(int attempted, int acknowledged, int found, int duplicates, int lost, List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    static Result check(Evidence e) {
        Problems problems = new Problems();

        // what the driver tried and what it was told
        Map<String, List<Attempt>> byId = e.attempts().stream()
                .filter(a -> a.clientMessageId().startsWith(e.prefix()))
                .collect(Collectors.groupingBy(Attempt::clientMessageId, LinkedHashMap::new, Collectors.toList()));
        Map<String, Attempt> acked = new LinkedHashMap<>();
        byId.forEach((id, attempts) -> {
            List<Attempt> oks = attempts.stream().filter(a -> a.outcome() == Outcome.OK).toList();
            if (!oks.isEmpty()) {
                acked.put(id, oks.get(0));
                if (oks.stream().map(Attempt::messageId).distinct().count() > 1) {
                    problems.add("retry answered with another message", id + " acknowledged as "
                            + oks.stream().map(Attempt::messageId).distinct().toList());
                }
            }
        });

        // what is stored
        Map<String, List<StoredMessage>> stored = new HashMap<>();
        for (StoredMessage m : e.messages()) {
            if (m.clientMessageId() != null && m.clientMessageId().startsWith(e.prefix())) {
                stored.computeIfAbsent(m.clientMessageId(), k -> new ArrayList<>()).add(m);
            } else if (m.clientMessageId() == null && e.loadSender().equals(m.senderUserId())) {
                problems.add("message never attempted", m.id() + " (no client message id) from the driver's user");
            }
        }
        int duplicates = 0;
        for (Map.Entry<String, List<StoredMessage>> entry : stored.entrySet()) {
            if (!byId.containsKey(entry.getKey())) {
                problems.add("message never attempted", entry.getKey() + " stored as " + entry.getValue().get(0).id());
            }
            if (entry.getValue().size() > 1) {
                duplicates += entry.getValue().size() - 1;
                problems.add("duplicate message", entry.getKey() + " stored " + entry.getValue().size() + " times");
            }
        }
        int found = 0;
        int lost = 0;
        for (Map.Entry<String, Attempt> entry : acked.entrySet()) {
            String id = entry.getKey();
            Attempt ack = entry.getValue();
            List<StoredMessage> rows = stored.getOrDefault(id, List.of());
            if (rows.isEmpty()) {
                lost++;
                problems.add("acknowledged message lost", id + " (acknowledged as " + ack.messageId() + " seq " + ack.seq() + ")");
                continue;
            }
            found++;
            StoredMessage row = rows.get(0);
            if (!row.id().equals(ack.messageId()) || row.seq() != ack.seq() || !ack.conversationId().equals(row.conversationId())) {
                problems.add("stored message differs from its acknowledgement", id + ": acknowledged " + ack.messageId()
                        + " seq " + ack.seq() + ", stored " + row.id() + " seq " + row.seq());
            }
            if (!AttemptLog.bodyOf(id).equals(row.body())) {
                problems.add("body changed", id + ": " + row.body());
            }
        }

        List<String> neverAcknowledged = byId.keySet().stream().filter(id -> !acked.containsKey(id)).toList();
        if (!neverAcknowledged.isEmpty()) {
            // the driver retried until well after the heal: a post that never got through means no recovery
            neverAcknowledged.forEach(id -> problems.add("attempted but never acknowledged", id));
        }

        checkSequences(e, problems);
        checkEvents(e, stored, problems);

        for (String topic : union(e.poisonSent().keySet(), e.deadLettered().keySet())) {
            long sent = e.poisonSent().getOrDefault(topic, 0L);
            long got = e.deadLettered().getOrDefault(topic, 0L);
            if (sent != got) {
                problems.add("dead-letter count differs from poison count", topic + ": " + got + " dead-lettered, " + sent + " poison sent");
            }
        }
        if (e.lag() != 0) {
            problems.add("consumer lag not back to 0", "lag " + e.lag());
        }
        if (e.outbox() != 0) {
            problems.add("outbox not drained", e.outbox() + " rows left");
        }
        return new Result(byId.size(), acked.size(), found, duplicates, lost, problems.list());
    }

    /** Every conversation's seq runs 1..n without a gap or a repeat, and its last_seq is n. */
    private static void checkSequences(Evidence e, Problems problems) {
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (StoredMessage m : e.messages()) {
            seqs.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m.seq());
        }
        for (Map.Entry<String, Long> conversation : new TreeMap<>(e.lastSeq()).entrySet()) {
            List<Long> list = seqs.getOrDefault(conversation.getKey(), List.of()).stream().sorted().toList();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != i + 1) {
                    problems.add("seq gap or repeat", conversation.getKey() + ": position " + (i + 1) + " holds seq " + list.get(i));
                    break;
                }
            }
            if (list.size() != conversation.getValue()) {
                problems.add("seq gap or repeat", conversation.getKey() + ": " + list.size() + " messages, last_seq "
                        + conversation.getValue());
            }
        }
    }

    /**
     * Every stored message of the fault was published as exactly one event id (a redelivery repeats that id), no
     * event names a message that is not stored, and every consumer recorded that event id once, with one
     * notification for the conversation's client.
     */
    private static void checkEvents(Evidence e, Map<String, List<StoredMessage>> stored, Problems problems) {
        Map<String, Set<String>> eventIds = new HashMap<>();
        Set<String> storedIds = new TreeSet<>();
        stored.values().forEach(rows -> rows.forEach(m -> storedIds.add(m.id())));
        for (PostedEvent event : e.events()) {
            if (event.clientMessageId() == null || !event.clientMessageId().startsWith(e.prefix())) {
                continue;
            }
            eventIds.computeIfAbsent(event.messageId(), k -> new TreeSet<>()).add(event.eventId());
            if (!storedIds.contains(event.messageId())) {
                problems.add("event for a message that is not stored", event.messageId() + " (" + event.clientMessageId() + ")");
            }
        }
        for (String messageId : storedIds) {
            Set<String> ids = eventIds.getOrDefault(messageId, Set.of());
            if (ids.isEmpty()) {
                problems.add("MessagePosted missing", messageId);
                continue;
            }
            if (ids.size() > 1) {
                problems.add("message published under several event ids", messageId + " as " + ids);
            }
            for (Map.Entry<String, Set<String>> consumer : new TreeMap<>(e.applied()).entrySet()) {
                if (ids.stream().noneMatch(consumer.getValue()::contains)) {
                    problems.add("consumer did not apply the event", consumer.getKey() + ": " + messageId);
                }
            }
            if (e.notifications() != null) {
                int count = e.notifications().getOrDefault(messageId, 0);
                if (count != 1) {
                    problems.add("notification count is not 1", messageId + ": " + count);
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Problems grouped by kind: each kind counted, with its first few examples. */
    private static final class Problems {
        private final Map<String, List<String>> byKind = new LinkedHashMap<>();

        void add(String kind, String example) {
            byKind.computeIfAbsent(Objects.requireNonNull(kind), k -> new ArrayList<>()).add(example);
        }

        List<String> list() {
            List<String> lines = new ArrayList<>();
            byKind.forEach((kind, examples) -> lines.add(kind + " ×" + examples.size() + ": "
                    + String.join("; ", examples.subList(0, Math.min(EXAMPLES, examples.size())))
                    + (examples.size() > EXAMPLES ? "; …" : "")));
            return lines;
        }
    }
}
