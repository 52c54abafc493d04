package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person joined the workspace's team. {@code permissions} is the member's complete effective permission set (the
 * union of their groups'), so consumers never need the groups themselves. Key: workspaceId.
 */
public record MemberJoined(
        UUID workspaceId,
        UUID memberId,
        String userId,
        String displayName,
        String email,
        List<UUID> groupIds,
        List<String> permissions,
        Instant joinedAt) implements ParleyEvent {
}
