package dev.parley.notification.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.notification.NotificationPreference;
import dev.parley.notification.repository.PreferenceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Each person's notification preferences per workspace: their own, or a client's set by a member with clients.manage. */
@ApplicationScoped
public class PreferenceService {
    private final PreferenceRepository preferences;
    private final Callers callers;

    public PreferenceService(PreferenceRepository preferences, Callers callers) {
        this.preferences = preferences;
        this.callers = callers;
    }

    public record Preferences(boolean email, boolean sms, boolean push, boolean muteAllEmail,
                              List<UUID> mutedConversationIds) {
        public boolean wantsEmail() {
            return email && !muteAllEmail;
        }

        public boolean muted(UUID conversationId) {
            return mutedConversationIds.contains(conversationId);
        }
    }

    @Transactional
    public Preferences mine(UUID workspaceId, String caller) {
        callers.require(workspaceId, caller);
        return of(workspaceId, caller);
    }

    @Transactional
    public Preferences changeMine(UUID workspaceId, String caller, Preferences wanted) {
        callers.require(workspaceId, caller);
        return change(workspaceId, caller, wanted);
    }

    @Transactional
    public Preferences client(UUID workspaceId, String caller, UUID clientId) {
        ClientPrincipal client = callers.managedClient(workspaceId, caller, clientId);
        return of(workspaceId, client.userId());
    }

    @Transactional
    public Preferences changeClient(UUID workspaceId, String caller, UUID clientId, Preferences wanted) {
        ClientPrincipal client = callers.managedClient(workspaceId, caller, clientId);
        return change(workspaceId, client.userId(), wanted);
    }

    /** The effective preferences (defaults when never set); for the delivery channels, inside their transaction. */
    public Preferences of(UUID workspaceId, String userId) {
        NotificationPreference p = preferences.of(workspaceId, userId)
                .orElseGet(() -> NotificationPreference.defaults(workspaceId, userId));
        return new Preferences(p.email(), p.sms(), p.push(), p.muteAllEmail(),
                preferences.mutedConversations(workspaceId, userId));
    }

    private Preferences change(UUID workspaceId, String userId, Preferences wanted) {
        NotificationPreference p = preferences.of(workspaceId, userId).orElse(null);
        if (p == null) {
            p = new NotificationPreference(workspaceId, userId);
            preferences.persist(p);
        }
        Instant now = Instant.now();
        p.change(wanted.email(), wanted.sms(), wanted.push(), wanted.muteAllEmail(), now);
        preferences.replaceMutedConversations(workspaceId, userId, new LinkedHashSet<>(wanted.mutedConversationIds()), now);
        preferences.flush();
        return of(workspaceId, userId);
    }
}
