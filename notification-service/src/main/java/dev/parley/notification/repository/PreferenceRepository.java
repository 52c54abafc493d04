package dev.parley.notification.repository;

import dev.parley.notification.NotificationPreference;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PreferenceRepository implements PanacheRepositoryBase<NotificationPreference, NotificationPreference.Key> {

    public Optional<NotificationPreference> of(UUID workspaceId, String userId) {
        return findByIdOptional(new NotificationPreference.Key(workspaceId, userId));
    }

    public List<UUID> mutedConversations(UUID workspaceId, String userId) {
        return getEntityManager().createNativeQuery("""
                        select conversation_id from notification_muted_conversation
                        where workspace_id = :ws and user_id = :user and muted order by conversation_id""", UUID.class)
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .getResultList();
    }

    /** The preferences PUT: exactly these are muted from {@code at} on; the others muted until now are unmuted. */
    public void replaceMutedConversations(UUID workspaceId, String userId, Collection<UUID> conversationIds, Instant at) {
        getEntityManager().createNativeQuery("""
                        update notification_muted_conversation set muted = false, updated_at = :at
                        where workspace_id = :ws and user_id = :user and muted""")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .setParameter("at", SqlTimes.utc(at))
                .executeUpdate();
        for (UUID conversationId : conversationIds) {
            setMuted(workspaceId, userId, conversationId, true, at);
        }
    }

    /**
     * One conversation muted or unmuted at {@code at} (the preferences PUT, or ParticipantMuteChanged from
     * conversation-service); an older statement than the one recorded changes nothing.
     */
    public void setMuted(UUID workspaceId, String userId, UUID conversationId, boolean muted, Instant at) {
        getEntityManager().createNativeQuery("""
                        insert into notification_muted_conversation (workspace_id, user_id, conversation_id, muted, updated_at)
                        values (:ws, :user, :conversation, :muted, :at)
                        on conflict (workspace_id, user_id, conversation_id) do update
                            set muted = excluded.muted, updated_at = excluded.updated_at
                        where notification_muted_conversation.updated_at <= excluded.updated_at""")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .setParameter("conversation", conversationId)
                .setParameter("muted", muted)
                .setParameter("at", SqlTimes.utc(at))
                .executeUpdate();
    }
}
