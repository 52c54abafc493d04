package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/** A client left an organisation (removed from it, or the organisation was deleted). Key: workspaceId. */
public record ClientLeftOrganisation(
        UUID workspaceId,
        UUID clientId,
        String userId,
        UUID organisationId,
        Instant leftAt) implements ParleyEvent {
}
