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
 * (MessagesRead covering the announcement's seq), each event applied once, a poll in one transaction (its
 * deliveries counted per announcement in one statement: a 10,000-client announcement is 10,000 events here).
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
        // deliveries first, in one go (a read can only follow its message, never precede it), then the reads
        idempotent.applyAll(CONSUMER, CHANNEL, records, MessageEventsConsumer::relevant, events -> {
            stats.onMessagesPosted(events.stream().filter(e -> EventCatalog.MESSAGE_POSTED.type().equals(e.type()))
                    .map(e -> e.data(MessagePosted.class)).toList());
            events.stream().filter(e -> EventCatalog.MESSAGES_READ.type().equals(e.type()))
                    .forEach(e -> stats.onMessagesRead(e.data(MessagesRead.class)));
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
