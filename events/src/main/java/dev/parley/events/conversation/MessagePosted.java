package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message was stored. {@code visibleTo} lists the user ids who may see it at the moment it was posted, so the
 * gateway and the notification service deliver it without calling back. {@code clientId} is the client a
 * CLIENT or PRIVATE conversation belongs to.
 */
public record MessagePosted(
        UUID workspaceId,
        UUID conversationId,
        String conversationKind,
        UUID clientId,
        UUID messageId,
        long seq,
        String kind,
        MessageSender sender,
        String body,
        List<AttachmentRef> attachments,
        boolean highlighted,
        String clientMessageId,
        UUID announcementId,
        Instant createdAt,
        List<String> visibleTo) implements ParleyEvent {
}
