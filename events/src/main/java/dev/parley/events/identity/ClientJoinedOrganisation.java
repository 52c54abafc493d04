package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A client joined an organisation (a client belongs to at most one; joining another first emits
 * ClientLeftOrganisation for the old one). Carries the organisation's name for its ORGANISATION conversation.
 * Key: workspaceId.
 */
public record ClientJoinedOrganisation(
        UUID workspaceId,
        UUID clientId,
        String userId,
        UUID organisationId,
        String organisationName,
        Instant joinedAt) implements ParleyEvent {
}
