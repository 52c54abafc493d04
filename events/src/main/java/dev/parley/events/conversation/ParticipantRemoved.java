package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** Someone left a conversation (removed by a member, or because they left the organisation or the workspace). */
public record ParticipantRemoved(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        String userId,
        String type,
        String removedBy,
        Instant removedAt) implements ParleyEvent {
}
