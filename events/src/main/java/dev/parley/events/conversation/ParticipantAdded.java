package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** Someone joined a conversation: type MEMBER or CLIENT, role OWNER, AGENT, WATCHER or CLIENT, access WRITE or READ_ONLY. */
public record ParticipantAdded(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        String userId,
        String type,
        String role,
        String access,
        String displayName,
        String addedBy,
        Instant joinedAt) implements ParleyEvent {
}
