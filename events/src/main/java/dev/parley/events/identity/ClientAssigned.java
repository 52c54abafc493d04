package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A team member was assigned to a client (they serve that client): they see and write the client's CLIENT
 * conversation and are notified of it, never the PRIVATE one. Key: workspaceId.
 */
public record ClientAssigned(
        UUID workspaceId,
        UUID clientId,
        String clientUserId,
        UUID memberId,
        String memberUserId,
        Instant assignedAt) implements ParleyEvent {
}
