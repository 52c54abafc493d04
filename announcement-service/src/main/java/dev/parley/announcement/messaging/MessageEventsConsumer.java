package dev.parley.announcement.messaging;

import dev.parley.announcement.service.DeliveryStatsService;
import dev.parley.common.consume.ConsumedEvent;
import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.events.EventCatalog;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessagesRead;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * parley.messages.v1 → per-recipient delivery (MessagePosted carrying an announcementId) and read state
 * (MessagesRead covering the announcement's seq), each event applied once, a poll in one transaction.
 */
@ApplicationScoped
public class MessageEventsConsumer {
    static final String CHANNEL = "message-events";
    static final String CONSUMER = "announcement-service.messages";

    private final IdempotentConsumer idempotent;
    private final DeliveryStatsService stats;

    public MessageEventsConsumer(IdempotentConsumer idempotent, DeliveryStatsService stats) {
        this.idempotent = idempotent;
        this.stats = stats;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        idempotent.apply(CONSUMER, CHANNEL, records, MessageEventsConsumer::relevant, event -> {
            if (EventCatalog.MESSAGE_POSTED.type().equals(event.type())) {
                stats.onMessagePosted(event.data(MessagePosted.class));
            } else {
                stats.onMessagesRead(event.data(MessagesRead.class));
            }
        });
    }

    /**
     * Only reads and the messages that carry an announcement change the stats; every other message of the topic
     * (nearly all of them) is skipped without a transaction.
     */
    private static boolean relevant(ConsumedEvent event) {
        return EventCatalog.MESSAGES_READ.type().equals(event.type())
                || EventCatalog.MESSAGE_POSTED.type().equals(event.type())
                && event.data(MessagePosted.class).announcementId() != null;
    }
}
