package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A member left the team: they lose every permission and assignment in the workspace. Key: workspaceId. */
public record MemberRemoved(
        UUID workspaceId,
        UUID memberId,
        String userId,
        Instant removedAt) implements ParleyEvent {
}
