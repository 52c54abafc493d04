package dev.parley.events.announcement;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An announcement went out: its audience was resolved to {@code recipientCount} clients, whose deliveries follow as
 * {@code batchCount} AnnouncementDeliveryRequested events. Key: announcementId. {@code roomId} only for ROOM
 * delivery; {@code audienceIds} are the selected client or organisation ids (empty for ALL_CLIENTS).
 */
public record AnnouncementPublished(
        UUID workspaceId,
        UUID announcementId,
        String authorUserId,
        String body,
        List<UUID> attachmentIds,
        boolean highlighted,
        String audienceKind,
        List<UUID> audienceIds,
        String delivery,
        UUID roomId,
        int recipientCount,
        int batchCount,
        Instant publishedAt) implements ParleyEvent {
}
