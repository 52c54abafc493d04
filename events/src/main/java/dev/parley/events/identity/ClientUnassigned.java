package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A team member no longer serves a client. Key: workspaceId. */
public record ClientUnassigned(
        UUID workspaceId,
        UUID clientId,
        String clientUserId,
        UUID memberId,
        String memberUserId,
        Instant unassignedAt) implements ParleyEvent {
}
