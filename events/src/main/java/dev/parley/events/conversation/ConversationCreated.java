package dev.parley.events.conversation;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A conversation exists. {@code kind} is CLIENT, ORGANISATION, GROUP, INTERNAL, PRIVATE or ANNOUNCEMENT;
 * {@code clientId} is set for CLIENT and PRIVATE, {@code organisationId} for ORGANISATION (and GROUP rooms of one
 * organisation); {@code createdBy} is the creating user id, absent when the service created it on an identity event.
 */
public record ConversationCreated(
        UUID workspaceId,
        UUID conversationId,
        String kind,
        String name,
        UUID clientId,
        UUID organisationId,
        String createdBy,
        Instant createdAt) implements ParleyEvent {
}
