package dev.parley.conversation.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.conversation.service.AnnouncementDelivery;
import dev.parley.events.EventCatalog;
import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * parley.announcements.v1: AnnouncementDeliveryRequested batches become ANNOUNCEMENT messages, AnnouncementCancelled
 * is remembered so that nothing of that announcement is posted afterwards ({@link AnnouncementDelivery}). Each
 * event is applied once (IdempotentConsumer), a poll in one transaction (a few events of up to 500 recipients each:
 * the channel's max.poll.records keeps that transaction short). AnnouncementPublished needs nothing here and is left
 * out before the transaction.
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
    public void consume(ConsumerRecords<String, byte[]> records) {
        idempotent.apply(CONSUMER, CHANNEL, records, event -> APPLIED.contains(event.type()), event -> {
            if (DELIVERY_REQUESTED.equals(event.type())) {
                delivery.deliver(event.data(AnnouncementDeliveryRequested.class));
            } else if (CANCELLED.equals(event.type())) {
                delivery.cancelled(event.data(AnnouncementCancelled.class));
            }
        });
    }
}
