package dev.parley.events.identity;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The chat settings changed. {@code settings} is the complete new state; {@code changed} names the settings whose
 * value differs from before (e.g. {@code messagingEnabled}), for consumers that react to a flip. Key: workspaceId.
 */
public record ChatSettingsChanged(
        UUID workspaceId,
        String name,
        ChatSettings settings,
        List<String> changed,
        String changedBy,
        Instant changedAt) implements ParleyEvent {
}
