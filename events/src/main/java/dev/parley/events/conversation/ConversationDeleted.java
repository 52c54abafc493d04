package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A conversation and all its messages are gone. Conversations are never deleted by hand: the only reason today is
 * CLIENT_DELETED (the client account it belongs to was deleted).
 */
public record ConversationDeleted(
        UUID workspaceId,
        UUID conversationId,
        String kind,
        UUID clientId,
        String reason,
        Instant deletedAt) implements ParleyEvent {
}
