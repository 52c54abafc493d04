package dev.parley.events.announcement;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A draft or scheduled announcement was cancelled before it went out; nothing of it was delivered. Key: announcementId. */
public record AnnouncementCancelled(
        UUID workspaceId,
        UUID announcementId,
        String cancelledBy,
        Instant cancelledAt) implements ParleyEvent {
}
