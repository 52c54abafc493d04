package dev.parley.common.outbox;

import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.ParleyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Records an event in the caller's database transaction. It reaches Kafka only if that transaction commits:
 * {@link OutboxRelay} publishes it right after the commit (this class wakes it) or, after a crash, on its next poll.
 */
@ApplicationScoped
public class Outbox {
    private static final String WAKE_KEY = Outbox.class.getName() + ".wake";

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;

    public Outbox(EntityManager entityManager, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
                  @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.relay = relay;
        this.source = "/parley/" + applicationName;
    }

    /**
     * Adds {@code data} to the outbox under {@code key} (the aggregate id, which keeps its events in order).
     * Must run inside a transaction; returns the CloudEvent id.
     */
    public UUID publish(String key, ParleyEvent data) {
        EventCatalog event = EventCatalog.of(data.getClass());
        UUID eventId = UUID.randomUUID();
        entityManager.createNativeQuery("""
                        insert into outbox_event (event_id, topic, record_key, type, source, subject, workspace_id, occurred_at, payload)
                        values (:eventId, :topic, :key, :type, :source, :subject, :workspaceId, :occurredAt, :payload)""")
                .setParameter("eventId", eventId)
                .setParameter("topic", event.topic())
                .setParameter("key", key)
                .setParameter("type", event.type())
                .setParameter("source", source)
                .setParameter("subject", key)
                .setParameter("workspaceId", data.workspaceId())
                .setParameter("occurredAt", OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .setParameter("payload", EventJson.write(data))
                .executeUpdate();
        wakeRelayAfterCommit();
        return eventId;
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_KEY) != null) {
            return;
        }
        transactions.putResource(WAKE_KEY, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
