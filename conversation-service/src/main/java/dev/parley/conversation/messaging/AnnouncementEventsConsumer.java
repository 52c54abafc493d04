package dev.parley.conversation.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.consume.PoisonEventException;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.MessageKind;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.service.MessageService;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * parley.announcements.v1: each AnnouncementDeliveryRequested batch becomes ANNOUNCEMENT-kind messages (highlighted
 * when the announcement is), from the announcement's author. DIRECT: one message in each recipient's own CLIENT
 * conversation; ROOM: one message in the announcement room. The whole batch is one transaction (IdempotentConsumer),
 * and every message carries clientMessageId "announcement:&lt;announcementId&gt;" from the author, which the
 * conversation's existing retry check finds: a redelivered batch, or one replayed after a crash, posts nothing twice
 * and skips nobody. AnnouncementPublished and AnnouncementCancelled need nothing here and are skipped on their
 * ce_type header without a transaction.
 */
@ApplicationScoped
public class AnnouncementEventsConsumer {
    public static final String CHANNEL = "announcement-events";
    public static final String CONSUMER = "conversation-service.announcements";
    private static final Logger LOG = Logger.getLogger(AnnouncementEventsConsumer.class);

    private final IdempotentConsumer idempotent;
    private final IdentityDirectory directory;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageService messageService;

    public AnnouncementEventsConsumer(IdempotentConsumer idempotent, IdentityDirectory directory,
                                      ConversationRepository conversations, MessageRepository messages,
                                      MessageService messageService) {
        this.idempotent = idempotent;
        this.directory = directory;
        this.conversations = conversations;
        this.messages = messages;
        this.messageService = messageService;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        String deliveryRequested = EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED.type();
        if (type != null && !deliveryRequested.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        idempotent.apply(CONSUMER, record, event -> {
            if (deliveryRequested.equals(event.type())) {
                deliver(event.data(AnnouncementDeliveryRequested.class));
            }
        });
    }

    private void deliver(AnnouncementDeliveryRequested batch) {
        if (batch.announcementId() == null || batch.recipients() == null || batch.authorUserId() == null) {
            throw new PoisonEventException("AnnouncementDeliveryRequested without announcement, author or recipients", null);
        }
        Optional<WorkspaceSettings> settings = directory.workspace(batch.workspaceId());
        if (settings.isEmpty()) {
            LOG.warnf("announcement %s for unknown workspace %s dropped", batch.announcementId(), batch.workspaceId());
            return;
        }
        String clientMessageId = "announcement:" + batch.announcementId();
        String author = directory.principal(batch.workspaceId(), batch.authorUserId())
                .filter(MemberPrincipal.class::isInstance).map(p -> ((MemberPrincipal) p).displayName())
                .orElse("Announcement");
        if ("ROOM".equals(batch.delivery())) {
            Optional<Conversation> room = batch.roomId() == null ? Optional.empty()
                    : conversations.findInWorkspace(batch.workspaceId(), batch.roomId())
                            .filter(c -> c.kind() == ConversationKind.ANNOUNCEMENT);
            if (room.isEmpty()) {
                LOG.warnf("announcement %s: room %s is not an ANNOUNCEMENT room of %s; nothing posted",
                        batch.announcementId(), batch.roomId(), batch.workspaceId());
                return;
            }
            post(room.get(), settings.get(), batch, author, clientMessageId);
            return;
        }
        for (AnnouncementDeliveryRequested.Recipient recipient : batch.recipients()) {
            Optional<Conversation> own = conversations.findOfClient(batch.workspaceId(), ConversationKind.CLIENT,
                    recipient.clientId());
            if (own.isEmpty()) {
                // deleted since publishing, or a client who landed in their organisation's conversation and has no
                // CLIENT conversation of their own
                LOG.warnf("announcement %s: client %s has no CLIENT conversation; skipped", batch.announcementId(),
                        recipient.clientId());
                continue;
            }
            post(own.get(), settings.get(), batch, author, clientMessageId);
        }
    }

    private void post(Conversation conversation, WorkspaceSettings settings, AnnouncementDeliveryRequested batch,
                      String authorName, String clientMessageId) {
        if (messages.findByClientMessageId(conversation.id(), batch.authorUserId(), clientMessageId).isPresent()) {
            return;
        }
        Conversation locked = conversations.lockForPosting(conversation);
        if (messages.findByClientMessageId(locked.id(), batch.authorUserId(), clientMessageId).isPresent()) {
            return;
        }
        messageService.append(locked, settings, MessageKind.ANNOUNCEMENT, batch.authorUserId(), "MEMBER", authorName,
                batch.body(), batch.highlighted(), clientMessageId, batch.announcementId());
    }
}
