package dev.parley.notification.service;

import dev.parley.common.problem.ProblemException;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.notification.Notification;
import dev.parley.notification.repository.NotificationRepository;
import dev.parley.notification.repository.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationService {
    static final int PREVIEW_LENGTH = 140;

    private final NotificationRepository notifications;

    public NotificationService(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    /**
     * One in-app notification per person who may see the message, never for its sender. Runs inside the idempotent
     * consumer's transaction; the unique (user, message) key also holds if the same message arrives in two events.
     */
    public int onMessagePosted(MessagePosted posted) {
        String sender = posted.sender() == null ? null : posted.sender().userId();
        int created = 0;
        for (String recipient : posted.visibleTo()) {
            if (recipient.equals(sender)) {
                continue;
            }
            Notification notification = new Notification(UUID.randomUUID(), posted.workspaceId(), recipient,
                    posted.conversationId(), posted.messageId(), preview(posted), posted.createdAt());
            if (notifications.insertIfAbsent(notification)) {
                created++;
            }
        }
        return created;
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
