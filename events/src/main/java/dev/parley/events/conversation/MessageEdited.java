package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The author changed a message's body. {@code visibleTo} lists the user ids who may see the message now. */
public record MessageEdited(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        UUID messageId,
        long seq,
        String body,
        String editedBy,
        Instant editedAt,
        List<String> visibleTo) implements ParleyEvent {
}
