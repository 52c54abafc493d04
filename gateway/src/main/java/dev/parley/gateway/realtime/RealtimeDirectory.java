package dev.parley.gateway.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway must know to push frames to exactly the right people, kept in memory from events (the gateway
 * has no database and never calls a service back): per workspace, whether read receipts and typing indicators are
 * on and who its clients are; per conversation, who may see it (the latest {@code visibleTo} of its messages).
 *
 * <p>The per-conversation audiences are bounded by Caffeine (rarely used ones go first; {@code parley.gateway.realtime.max-audiences},
 * 100,000 by default, a few tens of MB): a conversation whose audience was dropped gets its typing and read frames
 * again from its next message, which carries a fresh {@code visibleTo}; messages themselves never need it.
 */
@ApplicationScoped
public class RealtimeDirectory {
    public record WorkspaceFlags(boolean readReceipts, boolean typingIndicator, boolean clientsSeeParticipants) {
    }

    public record Audience(UUID workspaceId, Set<String> userIds) {
    }

    private final Map<UUID, WorkspaceFlags> workspaces = new ConcurrentHashMap<>();
    private final Map<UUID, Set<String>> clientUsers = new ConcurrentHashMap<>();
    private final Cache<UUID, Audience> audiences;

    public RealtimeDirectory(@ConfigProperty(name = "parley.gateway.realtime.max-audiences", defaultValue = "100000") long maxAudiences) {
        audiences = Caffeine.newBuilder().maximumSize(maxAudiences).build();
    }

    void workspace(UUID workspaceId, WorkspaceFlags flags) {
        workspaces.put(workspaceId, flags);
    }

    void client(UUID workspaceId, String userId, boolean present) {
        Set<String> users = clientUsers.computeIfAbsent(workspaceId, w -> ConcurrentHashMap.newKeySet());
        if (present) {
            users.add(userId);
        } else {
            users.remove(userId);
        }
    }

    void audience(UUID conversationId, UUID workspaceId, List<String> visibleTo) {
        audiences.put(conversationId, new Audience(workspaceId, Set.copyOf(visibleTo)));
    }

    void forget(UUID conversationId) {
        audiences.invalidate(conversationId);
    }

    /** Unknown workspaces get nothing optional: receipts and typing stay off until their settings are known. */
    public WorkspaceFlags flags(UUID workspaceId) {
        return workspaces.getOrDefault(workspaceId, new WorkspaceFlags(false, false, false));
    }

    public boolean isClient(UUID workspaceId, String userId) {
        return clientUsers.getOrDefault(workspaceId, Set.of()).contains(userId);
    }

    public Optional<Audience> audience(UUID conversationId) {
        return Optional.ofNullable(audiences.getIfPresent(conversationId));
    }
}
