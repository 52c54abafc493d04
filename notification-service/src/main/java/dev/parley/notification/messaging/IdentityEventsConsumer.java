package dev.parley.notification.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.identity.IdentityProjection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * parley.identity.v1 → the shared identity projection: who is who in each workspace (for 404/403 on every request
 * and for the digest's recipients, names, emails and mobile numbers) and each workspace's name and emailDigestMinutes.
 */
@ApplicationScoped
public class IdentityEventsConsumer {
    static final String CHANNEL = "identity-events";
    static final String CONSUMER = "notification-service.identity";

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
