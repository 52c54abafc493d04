package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A person muted or unmuted a conversation for themselves (PUT .../conversations/{id}/me {"muted"}): a participant,
 * or a member who reads it through a permission. Published only when the value changes. Notification-service
 * stops sending email, SMS and push for a muted conversation; the in-app notification stays.
 */
public record ParticipantMuteChanged(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        String userId,
        boolean muted,
        Instant changedAt) implements ParleyEvent {
}
