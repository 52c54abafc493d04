package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A workspace was created with its initial chat settings; its owner follows as a MemberJoined. Key: workspaceId. */
public record WorkspaceCreated(
        UUID workspaceId,
        String name,
        String createdBy,
        ChatSettings settings,
        Instant createdAt) implements ParleyEvent {
}
