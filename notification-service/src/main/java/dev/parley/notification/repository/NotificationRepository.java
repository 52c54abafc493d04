package dev.parley.notification.repository;

import dev.parley.notification.Notification;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    /**
     * Inserts unless this person already has a notification of this message in this workspace; returns whether it
     * was new. (The workspace is in the key: another workspace's event naming the same message id cannot take it.)
     */
    public boolean insertIfAbsent(Notification n) {
        return getEntityManager().createNativeQuery("""
                        insert into notification (id, workspace_id, user_id, conversation_id, message_id, preview, created_at,
                            conversation_kind, client_id, seq, sender_name)
                        values (:id, :workspaceId, :userId, :conversationId, :messageId, :preview, :createdAt,
                            :kind, :clientId, :seq, :senderName)
                        on conflict (workspace_id, user_id, message_id) do nothing""")
                .setParameter("id", n.id())
                .setParameter("workspaceId", n.workspaceId())
                .setParameter("userId", n.userId())
                .setParameter("conversationId", n.conversationId())
                .setParameter("messageId", n.messageId())
                .setParameter("preview", n.preview())
                .setParameter("createdAt", n.createdAt())
                .setParameter("kind", n.conversationKind())
                .setParameter("clientId", n.clientId())
                .setParameter("seq", n.seq())
                .setParameter("senderName", n.senderName())
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

    /** A reader's marker moved to {@code upToSeq}: their notifications of that conversation up to it are read. */
    public int markReadUpTo(UUID workspaceId, String userId, UUID conversationId, long upToSeq, Instant at) {
        return update("readAt = ?1 where workspaceId = ?2 and userId = ?3 and conversationId = ?4 and readAt is null"
                + " and (seq is null or seq <= ?5)", at, workspaceId, userId, conversationId, upToSeq);
    }

    /** What a digest may still email: unread, not dealt with by an earlier digest, oldest first. */
    public List<Notification> undigestedUnread(UUID workspaceId, String userId) {
        return list("workspaceId = ?1 and userId = ?2 and readAt is null and digestedAt is null order by createdAt, id",
                workspaceId, userId);
    }

    public int markDigested(List<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        return update("digestedAt = ?1 where id in ?2", at, ids);
    }

    public long unreadCount(UUID workspaceId, String userId) {
        return count("workspaceId = ?1 and userId = ?2 and readAt is null", workspaceId, userId);
    }
}
