package dev.parley.common.consume;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies each event at most once per consumer: the event id is recorded in processed_event in the same
 * transaction as the effect, so a redelivery (a retry, a rebalance, a replay) finds it and does nothing.
 *
 * <p>Failures: a {@link PoisonEventException} is rethrown at once, so the channel's dead-letter strategy moves the
 * record aside; any other failure (the database restarting, a deadlock) is retried with backoff for about half a
 * minute and then rethrown, so nothing blocks a partition forever.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final int ATTEMPTS = 10;

    private final EntityManager entityManager;

    public IdempotentConsumer(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Parses the record and applies {@code effect} once for {@code consumer}; returns false for a duplicate. */
    public boolean apply(String consumer, ConsumerRecord<String, byte[]> record, Consumer<ConsumedEvent> effect) {
        return apply(consumer, record, event -> true, effect);
    }

    /**
     * As {@link #apply(String, ConsumerRecord, Consumer)}, but an event that {@code relevant} turns down (after
     * parsing, so a malformed one is still poison) is skipped without a transaction: an event with no effect needs
     * no record that it was applied, and a consumer that sees every message of a busy topic (most of them
     * irrelevant to it) then costs no commit per message.
     */
    public boolean apply(String consumer, ConsumerRecord<String, byte[]> record, Predicate<ConsumedEvent> relevant,
                         Consumer<ConsumedEvent> effect) {
        ConsumedEvent event = ConsumedEvent.from(record);
        boolean wanted;
        try {
            wanted = relevant.test(event);
        } catch (PoisonEventException e) {
            LOG.errorf("poison event %s (%s) for %s: %s", event.id(), event.type(), consumer, e.getMessage());
            throw e;
        }
        if (!wanted) {
            return false;
        }
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> applyOnce(consumer, event, effect));
            } catch (PoisonEventException e) {
                LOG.errorf("poison event %s (%s) for %s: %s", event.id(), event.type(), consumer, e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                if (e.getCause() instanceof PoisonEventException poison) {
                    LOG.errorf("poison event %s (%s) for %s: %s", event.id(), event.type(), consumer, poison.getMessage());
                    throw poison;
                }
                if (attempt == ATTEMPTS) {
                    LOG.errorf(e, "event %s (%s) failed %d times for %s; dead-lettering it", event.id(), event.type(),
                            attempt, consumer);
                    throw e;
                }
                LOG.warnf("event %s for %s failed (attempt %d), retrying in %d ms: %s", event.id(), consumer, attempt,
                        backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private boolean applyOnce(String consumer, ConsumedEvent event, Consumer<ConsumedEvent> effect) {
        int recorded = entityManager.createNativeQuery(
                        "insert into processed_event (consumer, event_id) values (:consumer, :eventId) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", event.id())
                .executeUpdate();
        if (recorded == 0) {
            return false;
        }
        effect.accept(event);
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an event", e);
        }
    }
}
