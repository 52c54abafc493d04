package dev.parley.notification.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.events.EventCatalog;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.notification.service.NotificationService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * parley.messages.v1 → in-app notifications (MessagePosted) and their read state (MessagesRead), each event applied
 * once (IdempotentConsumer), a poll in one transaction.
 */
@ApplicationScoped
public class MessageEventsConsumer {
    static final String CHANNEL = "message-events";
    static final String CONSUMER = "notification-service.messages";

    private final IdempotentConsumer idempotent;
    private final NotificationService notifications;

    public MessageEventsConsumer(IdempotentConsumer idempotent, NotificationService notifications) {
        this.idempotent = idempotent;
        this.notifications = notifications;
    }

    /** MessageEdited and MessageDeleted change nothing here. */
    static final Set<String> HANDLED = Set.of(EventCatalog.MESSAGE_POSTED.type(), EventCatalog.MESSAGES_READ.type());

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        // other types are left out before the transaction: no processed_event row
        idempotent.apply(CONSUMER, CHANNEL, records, event -> HANDLED.contains(event.type()), event -> {
            if (EventCatalog.MESSAGE_POSTED.type().equals(event.type())) {
                notifications.onMessagePosted(event.data(MessagePosted.class));
            } else if (EventCatalog.MESSAGES_READ.type().equals(event.type())) {
                notifications.onMessagesRead(event.data(MessagesRead.class));
            }
        });
    }
}
