package dev.parley.conversation.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.conversation.service.AnnouncementDelivery;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * parley.announcements.v1: AnnouncementDeliveryRequested batches become ANNOUNCEMENT messages, AnnouncementCancelled
 * is remembered so that nothing of that announcement is posted afterwards ({@link AnnouncementDelivery}). Each
 * event is applied once (IdempotentConsumer), a batch in one transaction. AnnouncementPublished needs nothing here
 * and is skipped on its ce_type header without a transaction.
 */
@ApplicationScoped
public class AnnouncementEventsConsumer {
    public static final String CHANNEL = "announcement-events";
    public static final String CONSUMER = "conversation-service.announcements";
    private static final String DELIVERY_REQUESTED = EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED.type();
    private static final String CANCELLED = EventCatalog.ANNOUNCEMENT_CANCELLED.type();
    private static final Set<String> APPLIED = Set.of(DELIVERY_REQUESTED, CANCELLED);

    private final IdempotentConsumer idempotent;
    private final AnnouncementDelivery delivery;

    public AnnouncementEventsConsumer(IdempotentConsumer idempotent, AnnouncementDelivery delivery) {
        this.idempotent = idempotent;
        this.delivery = delivery;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type != null && !APPLIED.contains(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        idempotent.apply(CONSUMER, record, event -> {
            if (DELIVERY_REQUESTED.equals(event.type())) {
                delivery.deliver(event.data(AnnouncementDeliveryRequested.class));
            } else if (CANCELLED.equals(event.type())) {
                delivery.cancelled(event.data(AnnouncementCancelled.class));
            }
        });
    }
}
