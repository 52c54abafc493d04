package dev.parley.notification.service;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.problem.ProblemException;
import dev.parley.common.outbox.Outbox;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.notification.NotificationCreated;
import dev.parley.notification.Notification;
import dev.parley.notification.bridge.BridgeService;
import dev.parley.notification.repository.NotificationRepository;
import dev.parley.notification.repository.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationService {
    static final int PREVIEW_LENGTH = 140;

    private final NotificationRepository notifications;
    private final Outbox outbox;
    private final DigestService digests;
    private final BridgeService bridges;
    private final IdentityDirectory directory;

    public NotificationService(NotificationRepository notifications, Outbox outbox, DigestService digests,
                               BridgeService bridges, IdentityDirectory directory) {
        this.notifications = notifications;
        this.outbox = outbox;
        this.digests = digests;
        this.bridges = bridges;
        this.directory = directory;
    }

    /**
     * One in-app notification per person who may see the message, never for its sender; each new one is announced
     * (NotificationCreated through the outbox) and puts the person's email digest on the clock. Runs inside the
     * idempotent consumer's transaction, so the notification, its event and its digest commit together or not at
     * all; the unique (workspace, user, message) key also holds if the same message arrives in two events.
     */
    public int onMessagePosted(MessagePosted posted) {
        String sender = posted.sender() == null ? null : posted.sender().userId();
        String senderName = posted.sender() == null ? null : posted.sender().displayName();
        Instant now = Instant.now();
        int created = 0;
        for (String recipient : new LinkedHashSet<>(posted.visibleTo())) {
            if (recipient.equals(sender)) {
                continue;
            }
            if (directory.principal(posted.workspaceId(), recipient).isEmpty()) {
                // an event is untrusted input: whoever it names outside the workspace gets no preview, push or email
                continue;
            }
            Notification notification = new Notification(UUID.randomUUID(), posted.workspaceId(), recipient,
                    posted.conversationId(), posted.messageId(), preview(posted), posted.createdAt(),
                    posted.conversationKind(), posted.clientId(), posted.seq(), senderName);
            if (notifications.insertIfAbsent(notification)) {
                created++;
                outbox.publish(posted.conversationId().toString(), new NotificationCreated(posted.workspaceId(),
                        notification.id(), recipient, posted.conversationId(), posted.conversationKind(),
                        posted.messageId(), notification.preview(), notification.createdAt()));
                digests.schedule(posted.workspaceId(), recipient, now);
                bridges.enqueue(notification);
            }
        }
        return created;
    }

    /** The reader's notifications of that conversation up to the marker are read: no digest will mention them. */
    public int onMessagesRead(MessagesRead read) {
        return notifications.markReadUpTo(read.workspaceId(), read.userId(), read.conversationId(), read.upToSeq(),
                read.readAt() == null ? Instant.now() : read.readAt());
    }

    @Transactional
    public Page list(UUID workspaceId, String userId, boolean unreadOnly, String cursor, int limit) {
        PageCursor after;
        try {
            after = PageCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "not a cursor this API returned");
        }
        List<Notification> items = notifications.page(workspaceId, userId, unreadOnly, after, limit + 1);
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            Notification last = items.get(limit - 1);
            next = new PageCursor(last.createdAt(), last.id()).encode();
        }
        return new Page(items, next, notifications.unreadCount(workspaceId, userId));
    }

    @Transactional
    public void markRead(UUID workspaceId, String userId, UUID notificationId) {
        Notification notification = notifications.findByIdOptional(notificationId)
                .filter(n -> n.workspaceId().equals(workspaceId) && n.userId().equals(userId))
                .orElseThrow(() -> ProblemException.notFound("notification"));
        notification.markRead(Instant.now());
    }

    @Transactional
    public int markAllRead(UUID workspaceId, String userId) {
        return notifications.update("readAt = ?1 where workspaceId = ?2 and userId = ?3 and readAt is null",
                Instant.now(), workspaceId, userId);
    }

    static String preview(MessagePosted posted) {
        String body = posted.body() == null ? "" : posted.body().strip();
        if (body.isEmpty()) {
            return posted.attachments() == null || posted.attachments().isEmpty() ? "New message" : "Sent an attachment";
        }
        return body.length() <= PREVIEW_LENGTH ? body : body.substring(0, PREVIEW_LENGTH - 1) + "…";
    }

    public record Page(List<Notification> items, String nextCursor, long unread) {
    }
}
