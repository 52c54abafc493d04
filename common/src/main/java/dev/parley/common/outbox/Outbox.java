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
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
        return publishAll(List.of(new Keyed(key, data))).get(0);
    }

    /** An event and the key it is published under. */
    public record Keyed(String key, ParleyEvent data) {
    }

    /**
     * Adds many events in list order as one JDBC batch (a fan-out records hundreds at once; one statement each
     * would be a round trip each). Must run inside a transaction; returns the CloudEvent ids in the same order.
     */
    public List<UUID> publishAll(List<Keyed> events) {
        List<UUID> ids = new ArrayList<>(events.size());
        if (events.isEmpty()) {
            return ids;
        }
        OffsetDateTime occurredAt = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        entityManager.flush(); // the rows the events describe go first, as with a native statement
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_event (event_id, topic, record_key, type, source, subject, workspace_id, occurred_at, payload)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (Keyed keyed : events) {
                    EventCatalog event = EventCatalog.of(keyed.data().getClass());
                    UUID eventId = UUID.randomUUID();
                    ids.add(eventId);
                    insert.setObject(1, eventId);
                    insert.setString(2, event.topic());
                    insert.setString(3, keyed.key());
                    insert.setString(4, event.type());
                    insert.setString(5, source);
                    insert.setString(6, keyed.key());
                    insert.setObject(7, keyed.data().workspaceId());
                    insert.setObject(8, occurredAt);
                    insert.setBytes(9, EventJson.write(keyed.data()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        wakeRelayAfterCommit();
        return ids;
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
