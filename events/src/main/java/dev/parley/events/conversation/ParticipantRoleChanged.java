package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A member participant's role or access changed (e.g. an AGENT from WRITE to READ_ONLY). */
public record ParticipantRoleChanged(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        String userId,
        String role,
        String access,
        String changedBy,
        Instant changedAt) implements ParleyEvent {
}
