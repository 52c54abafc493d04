package dev.parley.notification.repository;

import dev.parley.notification.Notification;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    /** Inserts unless this person already has a notification of this message; returns whether it was new. */
    public boolean insertIfAbsent(Notification n) {
        return getEntityManager().createNativeQuery("""
                        insert into notification (id, workspace_id, user_id, conversation_id, message_id, preview, created_at)
                        values (:id, :workspaceId, :userId, :conversationId, :messageId, :preview, :createdAt)
                        on conflict (user_id, message_id) do nothing""")
                .setParameter("id", n.id())
                .setParameter("workspaceId", n.workspaceId())
                .setParameter("userId", n.userId())
                .setParameter("conversationId", n.conversationId())
                .setParameter("messageId", n.messageId())
                .setParameter("preview", n.preview())
                .setParameter("createdAt", n.createdAt())
                .executeUpdate() == 1;
    }

    /** Newest first, keyset-paginated on (createdAt, id). */
    public List<Notification> page(UUID workspaceId, String userId, boolean unreadOnly, PageCursor after, int limit) {
        StringBuilder query = new StringBuilder("workspaceId = :ws and userId = :user");
        Parameters params = Parameters.with("ws", workspaceId).and("user", userId);
        if (unreadOnly) {
            query.append(" and readAt is null");
        }
        if (after != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.and("at", after.createdAt()).and("id", after.id());
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).page(0, limit).list();
    }

    public long unreadCount(UUID workspaceId, String userId) {
        return count("workspaceId = ?1 and userId = ?2 and readAt is null", workspaceId, userId);
    }
}
