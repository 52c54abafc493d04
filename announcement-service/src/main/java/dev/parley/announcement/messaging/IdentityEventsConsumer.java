package dev.parley.announcement.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.identity.IdentityProjection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * parley.identity.v1 → the shared identity projection: who holds announcements.send (403/404 on every request) and
 * the clients and organisations an audience resolves to at publish time.
 */
@ApplicationScoped
public class IdentityEventsConsumer {
    static final String CHANNEL = "identity-events";
    static final String CONSUMER = "announcement-service.identity";

    private final IdempotentConsumer idempotent;
    private final IdentityProjection projection;

    public IdentityEventsConsumer(IdempotentConsumer idempotent, IdentityProjection projection) {
        this.idempotent = idempotent;
        this.projection = projection;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        idempotent.apply(CONSUMER, CHANNEL, records, projection::apply);
    }
}
