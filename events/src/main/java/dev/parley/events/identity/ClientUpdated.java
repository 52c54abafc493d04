package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A client's contact details changed; carries the complete current state. Key: workspaceId. */
public record ClientUpdated(
        UUID workspaceId,
        UUID clientId,
        String userId,
        String displayName,
        String email,
        String mobile,
        UUID organisationId,
        Instant updatedAt) implements ParleyEvent {
}
