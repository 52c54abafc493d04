package dev.parley.events.announcement;

import dev.parley.events.ParleyEvent;

import java.util.List;
import java.util.UUID;

/**
 * One batch (1-based {@code batch} of {@code batchCount}) of an announcement's recipients. The conversation
 * service posts the ANNOUNCEMENT message for each recipient (DIRECT: into the recipient's own CLIENT conversation;
 * ROOM: once into {@code roomId}, with the recipients as read-only participants), idempotently on
 * (announcementId, recipient), so a redelivered or half-applied batch neither duplicates nor skips anyone.
 * Key: announcementId.
 */
public record AnnouncementDeliveryRequested(
        UUID workspaceId,
        UUID announcementId,
        String authorUserId,
        String body,
        List<UUID> attachmentIds,
        boolean highlighted,
        String delivery,
        UUID roomId,
        int batch,
        int batchCount,
        List<Recipient> recipients) implements ParleyEvent {

    /** A client the announcement is for. */
    public record Recipient(UUID clientId, String userId) {
    }
}
