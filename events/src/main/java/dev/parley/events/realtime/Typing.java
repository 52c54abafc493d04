package dev.parley.events.realtime;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Someone is typing in a conversation: published by the gateway instance holding their socket on the short-lived
 * parley.ephemeral.v1, so every gateway instance can push it to the other people in {@code visibleTo}.
 */
public record Typing(UUID workspaceId, UUID conversationId, String userId, String displayName, Instant at,
                     List<String> visibleTo) implements ParleyEvent {
}
