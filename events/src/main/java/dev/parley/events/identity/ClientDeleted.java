package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A client account was deleted: every service removes everything of that client (their conversations, messages,
 * notifications, preferences, deliveries). The Keycloak user (the person) stays: they may be known elsewhere.
 * Key: workspaceId.
 */
public record ClientDeleted(
        UUID workspaceId,
        UUID clientId,
        String userId,
        Instant deletedAt) implements ParleyEvent {
}
