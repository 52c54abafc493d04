package dev.parley.events.notification;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * An in-app notification was created for one person (a message they may see, never their own). Key:
 * conversationId, so a conversation's notifications stay in order. The gateway pushes it as
 * {@code notification.created} to {@code userId} only.
 */
public record NotificationCreated(
        UUID workspaceId,
        UUID notificationId,
        String userId,
        UUID conversationId,
        String conversationKind,
        UUID messageId,
        String preview,
        Instant createdAt) implements ParleyEvent {
}
