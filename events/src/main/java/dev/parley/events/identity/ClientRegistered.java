package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A client joined the workspace (created or invited by the team). The conversation service opens their CLIENT
 * conversation (or puts them in their organisation's, per defaultClientChannel). Key: workspaceId.
 */
public record ClientRegistered(
        UUID workspaceId,
        UUID clientId,
        String userId,
        String displayName,
        String email,
        String mobile,
        UUID organisationId,
        Instant registeredAt) implements ParleyEvent {
}
