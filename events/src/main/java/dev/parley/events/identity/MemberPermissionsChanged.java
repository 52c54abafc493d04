package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A member's groups, their groups' permissions, or their name or email changed. Carries the member's complete
 * current state (the effective permission set, not a difference). Key: workspaceId.
 */
public record MemberPermissionsChanged(
        UUID workspaceId,
        UUID memberId,
        String userId,
        String displayName,
        String email,
        List<UUID> groupIds,
        List<String> permissions,
        Instant changedAt) implements ParleyEvent {
}
