package dev.parley.notification.repository;

import dev.parley.notification.NotificationPreference;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

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
                        where workspace_id = :ws and user_id = :user order by conversation_id""", UUID.class)
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .getResultList();
    }

    public void replaceMutedConversations(UUID workspaceId, String userId, Collection<UUID> conversationIds) {
        getEntityManager().createNativeQuery(
                        "delete from notification_muted_conversation where workspace_id = :ws and user_id = :user")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .executeUpdate();
        for (UUID conversationId : conversationIds) {
            getEntityManager().createNativeQuery("""
                            insert into notification_muted_conversation (workspace_id, user_id, conversation_id)
                            values (:ws, :user, :conversation) on conflict do nothing""")
                    .setParameter("ws", workspaceId)
                    .setParameter("user", userId)
                    .setParameter("conversation", conversationId)
                    .executeUpdate();
        }
    }
}
