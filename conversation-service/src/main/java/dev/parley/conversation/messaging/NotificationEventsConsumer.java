package dev.parley.conversation.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.consume.PoisonEventException;
import dev.parley.conversation.service.MessageService;
import dev.parley.events.notification.EmailReplyReceived;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * parley.notifications.v1: EmailReplyReceived becomes a TEXT message from the person who replied, once per event id
 * (IdempotentConsumer) and once per email Message-ID (the clientMessageId). Other notification events (one
 * NotificationCreated per recipient per message, the bulk of the topic) are not this service's business: they are
 * skipped on their type before any transaction (no processed_event row).
 */
@ApplicationScoped
public class NotificationEventsConsumer {
    public static final String CHANNEL = "notification-events";
    public static final String CONSUMER = "conversation-service.notifications";
    static final String EMAIL_REPLY_RECEIVED = "parley.email.reply.received.v1";

    private final IdempotentConsumer idempotent;
    private final MessageService messages;

    public NotificationEventsConsumer(IdempotentConsumer idempotent, MessageService messages) {
        this.idempotent = idempotent;
        this.messages = messages;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        idempotent.apply(CONSUMER, CHANNEL, records, event -> EMAIL_REPLY_RECEIVED.equals(event.type()), event -> {
            EmailReplyReceived reply = event.data(EmailReplyReceived.class);
            if (reply.workspaceId() == null || reply.conversationId() == null || reply.userId() == null
                    || reply.emailMessageId() == null || reply.emailMessageId().isBlank()) {
                throw new PoisonEventException("EmailReplyReceived without workspace, conversation, person or Message-ID",
                        null);
            }
            messages.postEmailReply(reply.workspaceId(), reply.conversationId(), reply.userId(), reply.body(),
                    reply.emailMessageId());
        });
    }
}
