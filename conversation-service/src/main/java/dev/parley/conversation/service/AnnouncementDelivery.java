package dev.parley.conversation.service;

import dev.parley.common.consume.PoisonEventException;
import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.common.outbox.Outbox;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.Ids;
import dev.parley.conversation.Message;
import dev.parley.conversation.MessageAttachment;
import dev.parley.conversation.MessageKind;
import dev.parley.conversation.Participant;
import dev.parley.conversation.ParticipantAccess;
import dev.parley.conversation.ParticipantRole;
import dev.parley.conversation.repository.AnnouncementDeliveryRepository;
import dev.parley.conversation.repository.AnnouncementDeliveryRepository.Target;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.ParticipantRepository;
import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import dev.parley.events.announcement.AnnouncementDeliveryRequested.Recipient;
import dev.parley.events.conversation.AttachmentRef;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Announcements arriving from the announcement service become ANNOUNCEMENT messages from their author (highlighted
 * when the announcement is). Every message carries clientMessageId "announcement:&lt;id&gt;" from the author, which is
 * unique per conversation: a redelivered batch, or one replayed after a crash, posts nothing twice and skips nobody.
 *
 * <ul>
 * <li>DIRECT: one message in each recipient's own CLIENT conversation (they never see each other), created first
 * as on ClientRegistered when the client has none (one who landed in their organisation's conversation). A batch
 * is a few set-based statements ({@link AnnouncementDeliveryRepository}), not a post per recipient.</li>
 * <li>ROOM: each recipient joins the ANNOUNCEMENT room as a read-only CLIENT participant (ParticipantAdded, once),
 * and the message is posted once, with the last batch, so that its visibleTo names every recipient.</li>
 * <li>An AnnouncementCancelled seen first wins: a later batch of that announcement posts nothing.</li>
 * <li>Its attachments (the author's uploads) become the announcement's and are listed on each of its messages
 * ({@link AttachmentService#takeForAnnouncement}).</li>
 * </ul>
 * Everything runs in the consumer's transaction (one per batch).
 */
@ApplicationScoped
public class AnnouncementDelivery {
    private static final Logger LOG = Logger.getLogger(AnnouncementDelivery.class);

    private final IdentityDirectory directory;
    private final ConversationRepository conversations;
    private final ParticipantRepository participants;
    private final MessageRepository messages;
    private final AnnouncementDeliveryRepository deliveries;
    private final ClientConversations clientConversations;
    private final ConversationService conversationService;
    private final MessageService messageService;
    private final AttachmentService attachments;
    private final Outbox outbox;

    public AnnouncementDelivery(IdentityDirectory directory, ConversationRepository conversations,
                                ParticipantRepository participants, MessageRepository messages,
                                AnnouncementDeliveryRepository deliveries, ClientConversations clientConversations,
                                ConversationService conversationService, MessageService messageService,
                                AttachmentService attachments, Outbox outbox) {
        this.directory = directory;
        this.conversations = conversations;
        this.participants = participants;
        this.messages = messages;
        this.deliveries = deliveries;
        this.clientConversations = clientConversations;
        this.conversationService = conversationService;
        this.messageService = messageService;
        this.attachments = attachments;
        this.outbox = outbox;
    }

    /** The clientMessageId of an announcement's messages: at most one per conversation. */
    public static String clientMessageId(UUID announcementId) {
        return "announcement:" + announcementId;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelled(AnnouncementCancelled event) {
        if (event.announcementId() == null) {
            throw new PoisonEventException("AnnouncementCancelled without an announcement id", null);
        }
        deliveries.recordCancelled(event.workspaceId(), event.announcementId(),
                event.cancelledAt() == null ? MessageService.now() : event.cancelledAt());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deliver(AnnouncementDeliveryRequested batch) {
        if (batch.announcementId() == null || batch.recipients() == null || batch.authorUserId() == null) {
            throw new PoisonEventException("AnnouncementDeliveryRequested without announcement, author or recipients", null);
        }
        if (deliveries.isCancelled(batch.workspaceId(), batch.announcementId())) {
            LOG.infof("announcement %s was cancelled; batch %d of %d posts nothing", batch.announcementId(),
                    batch.batch(), batch.batchCount());
            return;
        }
        Optional<WorkspaceSettings> settings = directory.workspace(batch.workspaceId());
        if (settings.isEmpty()) {
            LOG.warnf("announcement %s for unknown workspace %s dropped", batch.announcementId(), batch.workspaceId());
            return;
        }
        String author = directory.principal(batch.workspaceId(), batch.authorUserId())
                .filter(MemberPrincipal.class::isInstance).map(p -> ((MemberPrincipal) p).displayName())
                .orElse("Announcement");
        if ("ROOM".equals(batch.delivery())) {
            intoRoom(batch, settings.get(), author);
        } else {
            direct(batch, settings.get(), author);
        }
    }

    private void direct(AnnouncementDeliveryRequested batch, WorkspaceSettings settings, String author) {
        UUID workspaceId = batch.workspaceId();
        List<UUID> clientIds = batch.recipients().stream().map(Recipient::clientId).filter(Objects::nonNull)
                .distinct().toList();
        Map<UUID, UUID> own = deliveries.clientConversationIds(workspaceId, clientIds);
        for (UUID clientId : clientIds) {
            if (!own.containsKey(clientId)) {
                Optional<Conversation> created = clientConversations.clientConversation(workspaceId, clientId);
                if (created.isPresent()) {
                    own.put(clientId, created.get().id());
                } else {
                    LOG.warnf("announcement %s: client %s is no longer a client of %s; skipped",
                            batch.announcementId(), clientId, workspaceId);
                }
            }
        }
        String clientMessageId = clientMessageId(batch.announcementId());
        List<Target> targets = deliveries.lockUndelivered(own.values(), batch.authorUserId(), clientMessageId);
        if (targets.isEmpty()) {
            return;
        }
        List<MessageAttachment> files = attachments.takeForAnnouncement(workspaceId, batch.authorUserId(),
                batch.announcementId(), batch.attachmentIds());
        List<AttachmentRef> refs = files.stream().map(MessageAttachment::ref).toList();
        Instant now = MessageService.now();
        List<Message> posted = targets.stream().map(t -> new Message(Ids.newId(), t.conversationId(), t.lastSeq() + 1,
                MessageKind.ANNOUNCEMENT, batch.authorUserId(), "MEMBER", author, batch.body(), batch.highlighted(),
                clientMessageId, batch.announcementId(), now, files)).toList();
        messages.appendAll(posted);
        attachments.listOn(posted.stream().map(Message::id).toList(), files);

        // who may read each conversation, from facts read once for the whole batch
        Map<UUID, List<Participant>> participantsOf = participants.ofConversations(
                targets.stream().map(Target::conversationId).toList());
        Map<UUID, Set<UUID>> assigned = directory.assignedMemberIds(workspaceId,
                targets.stream().map(Target::clientId).toList());
        List<MemberPrincipal> members = directory.members(workspaceId);
        MessageSender sender = new MessageSender(batch.authorUserId(), "MEMBER", author);
        List<Outbox.Keyed> events = new ArrayList<>(posted.size());
        for (int i = 0; i < posted.size(); i++) {
            Target target = targets.get(i);
            Message row = posted.get(i);
            List<String> visibleTo = ConversationAccess.visibleTo(ConversationKind.CLIENT,
                    participantsOf.getOrDefault(target.conversationId(), List.of()),
                    assigned.getOrDefault(target.clientId(), Set.of()), members, settings);
            events.add(new Outbox.Keyed(target.conversationId().toString(), new MessagePosted(workspaceId,
                    target.conversationId(), ConversationKind.CLIENT.name(), target.clientId(), row.id(), row.seq(),
                    MessageKind.ANNOUNCEMENT.name(), sender, batch.body(), refs, batch.highlighted(),
                    clientMessageId, batch.announcementId(), now, visibleTo)));
        }
        outbox.publishAll(events);
    }

    private void intoRoom(AnnouncementDeliveryRequested batch, WorkspaceSettings settings, String author) {
        Optional<Conversation> room = batch.roomId() == null ? Optional.empty()
                : conversations.findInWorkspace(batch.workspaceId(), batch.roomId())
                        .filter(c -> c.kind() == ConversationKind.ANNOUNCEMENT);
        if (room.isEmpty()) {
            LOG.warnf("announcement %s: room %s is not an ANNOUNCEMENT room of %s; nothing posted",
                    batch.announcementId(), batch.roomId(), batch.workspaceId());
            return;
        }
        // the room's row lock orders this batch with posts and participant changes in the room
        Conversation locked = room.get();
        conversations.lockLastSeq(locked.id());
        Map<UUID, ClientPrincipal> clients = directory.clients(batch.workspaceId(),
                batch.recipients().stream().map(Recipient::clientId).filter(Objects::nonNull).distinct().toList());
        Set<String> present = deliveries.participantsAmong(locked.id(),
                clients.values().stream().map(ClientPrincipal::userId).toList());
        for (ClientPrincipal client : clients.values()) {
            if (!present.contains(client.userId())) {
                // read-only: clients never write in an ANNOUNCEMENT room (AccessPolicy); they see its whole history
                conversationService.addParticipant(locked, client, ParticipantRole.CLIENT, ParticipantAccess.READ_ONLY,
                        batch.authorUserId(), 0);
            }
        }
        if (clients.size() < batch.recipients().size()) {
            LOG.infof("announcement %s: %d of %d recipients are no longer clients of %s; not added to the room",
                    batch.announcementId(), batch.recipients().size() - clients.size(), batch.recipients().size(),
                    batch.workspaceId());
        }
        if (batch.batch() < batch.batchCount()) {
            return; // the message goes out with the last batch, once every recipient is a participant
        }
        // a clientMessageId posted before returns the original: a repeated last batch posts nothing
        List<MessageAttachment> files = attachments.takeForAnnouncement(batch.workspaceId(), batch.authorUserId(),
                batch.announcementId(), batch.attachmentIds());
        messageService.append(locked, settings, MessageKind.ANNOUNCEMENT, batch.authorUserId(), "MEMBER", author,
                batch.body(), batch.highlighted(), clientMessageId(batch.announcementId()), batch.announcementId(), files);
    }
}
