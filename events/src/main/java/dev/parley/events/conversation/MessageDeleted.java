package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message became a tombstone (no body). {@code visibleTo} lists the user ids who may see the conversation. */
public record MessageDeleted(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        UUID messageId,
        long seq,
        String deletedBy,
        Instant deletedAt,
        List<String> visibleTo) implements ParleyEvent {
}
