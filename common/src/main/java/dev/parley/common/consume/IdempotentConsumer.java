package dev.parley.common.consume;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies each event at most once per consumer, a whole poll (a batch of records, {@code batch=true} on the channel)
 * in one transaction: the batch's event ids are recorded in processed_event in one statement, in the same
 * transaction as the effects, so a redelivery (a retry, a rebalance, a replay) finds them and does nothing. One
 * commit per poll instead of one per event is what lets a service keep up with a busy topic or replay its history.
 *
 * <p>Failures, per record: an unreadable record, or one the {@code relevant} test or the effect declares poison
 * ({@link PoisonEventException}), is sent to the channel's dead-letter topic ({@link DeadLetters}) and the rest of
 * the batch goes on. If the batch's transaction fails, it is rolled back and its records are applied again one
 * transaction each, so that only the record at fault is dead-lettered and every other one is applied once. There, a
 * failure that is not poison (the database restarting, a deadlock) is retried with backoff for about half a minute
 * and then dead-lettered, so nothing blocks a partition forever. The consumer method returns normally in every one
 * of these cases, and the connector commits the poll's offsets past the dead-lettered records.
 *
 * <p>Order: the records are applied in the order of the poll, which keeps each partition's offset order, so events
 * of one key (one workspace, one conversation) are applied in the order they were published.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final int ATTEMPTS = 10;
    private static final String RECORD = """
            insert into processed_event (consumer, event_id) select ?, unnest(?)
            on conflict do nothing returning event_id""";

    private final EntityManager entityManager;
    private final DeadLetters deadLetters;

    public IdempotentConsumer(EntityManager entityManager, DeadLetters deadLetters) {
        this.entityManager = entityManager;
        this.deadLetters = deadLetters;
    }

    /** Applies {@code effect} once per event of the batch for {@code consumer}; returns how many were new. */
    public int apply(String consumer, String channel, Iterable<ConsumerRecord<String, byte[]>> records,
                     Consumer<ConsumedEvent> effect) {
        return apply(consumer, channel, records, event -> true, effect);
    }

    /**
     * As {@link #apply(String, String, Iterable, Consumer)}, but events that {@code relevant} turns down (after
     * parsing, so a malformed one is still poison) are left out before any transaction: an event with no effect
     * needs no record that it was applied, and a batch of nothing but irrelevant events costs no commit.
     *
     * @param channel the {@code @Incoming} channel, whose {@code dead-letter-queue.topic} receives poison records
     */
    public int apply(String consumer, String channel, Iterable<ConsumerRecord<String, byte[]>> records,
                     Predicate<ConsumedEvent> relevant, Consumer<ConsumedEvent> effect) {
        return applyAll(consumer, channel, records, relevant, events -> {
            for (ConsumedEvent event : events) {
                effect.accept(event);
                // each effect starts from the database as the previous ones left it, as with one transaction per
                // event: effects that read with plain JDBC (the identity projection) see what earlier effects
                // changed through Hibernate, and the persistence context does not grow with the batch
                entityManager.flush();
                entityManager.clear();
            }
        });
    }

    /**
     * As {@link #apply(String, String, Iterable, Predicate, Consumer)}, but {@code effect} receives the poll's new
     * events all at once, in poll order, so a consumer can apply many of them in a few statements (announcement
     * delivery counts: one update for a poll's deliveries instead of three statements per event). When the batch's
     * transaction fails, each event is applied again alone, as a list of one.
     */
    public int applyAll(String consumer, String channel, Iterable<ConsumerRecord<String, byte[]>> records,
                        Predicate<ConsumedEvent> relevant, Consumer<List<ConsumedEvent>> effect) {
        List<Pending> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                ConsumedEvent event = ConsumedEvent.from(record);
                if (relevant.test(event)) {
                    batch.add(new Pending(record, event));
                }
            } catch (RuntimeException e) {
                deadLetter(consumer, channel, record, e);
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        if (batch.size() > 1) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> applyInOneTransaction(consumer, batch, effect));
            } catch (RuntimeException e) {
                LOG.warnf("a batch of %d events for %s failed (%s); applying them one transaction each", batch.size(),
                        consumer, e.toString());
            }
        }
        int applied = 0;
        for (Pending pending : batch) {
            if (applyAlone(consumer, channel, pending, effect)) {
                applied++;
            }
        }
        return applied;
    }

    /** One record in a transaction of its own, retried with backoff unless it is poison; false if not applied. */
    private boolean applyAlone(String consumer, String channel, Pending pending, Consumer<List<ConsumedEvent>> effect) {
        ConsumedEvent event = pending.event();
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew()
                        .call(() -> applyInOneTransaction(consumer, List.of(pending), effect)) == 1;
            } catch (RuntimeException e) {
                PoisonEventException poison = poison(e);
                if (poison != null) {
                    deadLetter(consumer, channel, pending.record(), poison);
                    return false;
                }
                if (attempt == ATTEMPTS) {
                    LOG.errorf(e, "event %s (%s) failed %d times for %s; dead-lettering it", event.id(), event.type(),
                            attempt, consumer);
                    deadLetter(consumer, channel, pending.record(), e);
                    return false;
                }
                LOG.warnf("event %s for %s failed (attempt %d), retrying in %d ms: %s", event.id(), consumer, attempt,
                        backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private int applyInOneTransaction(String consumer, List<Pending> batch, Consumer<List<ConsumedEvent>> effect) {
        Set<UUID> fresh = record(consumer, batch.stream().map(p -> p.event().id()).toArray(UUID[]::new));
        List<ConsumedEvent> events = new ArrayList<>(fresh.size());
        for (Pending pending : batch) {
            // remove: an event delivered twice in one poll is applied at its first position only
            if (fresh.remove(pending.event().id())) {
                events.add(pending.event());
            }
        }
        if (!events.isEmpty()) {
            effect.accept(events);
        }
        return events.size();
    }

    /** Inserts the ids not yet recorded for {@code consumer}; returns those (the events to apply). */
    private Set<UUID> record(String consumer, UUID[] eventIds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
                statement.setString(1, consumer);
                statement.setArray(2, connection.createArrayOf("uuid", eventIds));
                Set<UUID> fresh = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        fresh.add(rows.getObject(1, UUID.class));
                    }
                }
                return fresh;
            }
        });
    }

    private void deadLetter(String consumer, String channel, ConsumerRecord<String, byte[]> record, Throwable reason) {
        LOG.errorf("poison event at %s-%d@%d for %s, dead-lettered: %s", record.topic(), record.partition(),
                record.offset(), consumer, reason.getMessage());
        deadLetters.send(channel, record, reason);
    }

    /** The PoisonEventException behind {@code failure} (the transaction may have wrapped it), or null. */
    private static PoisonEventException poison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonEventException poison) {
                return poison;
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an event", e);
        }
    }

    private record Pending(ConsumerRecord<String, byte[]> record, ConsumedEvent event) {
    }
}
