package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A reader's read marker moved forward to {@code upToSeq}. {@code readerType} is MEMBER or CLIENT; consumers show
 * it only where the workspace enables read receipts, and show clients "read by the team" rather than who.
 */
public record MessagesRead(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        String userId,
        String readerType,
        long upToSeq,
        Instant readAt) implements ParleyEvent {
}
