package dev.parley.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The pending email digest of each person (table email_digest) and the record of those sent. */
@ApplicationScoped
public class DigestRepository {
    private final EntityManager entityManager;

    public DigestRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * A new notification makes a digest due at {@code dueAt} unless one is already pending (then that earlier time
     * stands). Waits for the row lock while a digest for this person is being sent, so a notification committed
     * after that digest's snapshot always gets a digest of its own.
     */
    public void scheduleIfIdle(UUID workspaceId, String userId, Instant dueAt) {
        entityManager.createNativeQuery("""
                        insert into email_digest (workspace_id, user_id, due_at) values (:ws, :user, :due)
                        on conflict (workspace_id, user_id) do update set due_at = coalesce(email_digest.due_at, excluded.due_at)""")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .setParameter("due", SqlTimes.utc(dueAt))
                .executeUpdate();
    }

    /**
     * Claims one due digest for this transaction: FOR UPDATE SKIP LOCKED, so several instances each take a
     * different person and none sends a digest another is sending.
     */
    public Optional<DueDigest> claimOneDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select workspace_id, user_id from email_digest
                        where due_at is not null and due_at <= :now
                        order by due_at limit 1 for update skip locked""")
                .setParameter("now", SqlTimes.utc(now))
                .getResultList();
        return rows.stream().findFirst().map(r -> new DueDigest((UUID) r[0], (String) r[1]));
    }

    /** Sending failed: the pending digest goes at {@code at} instead (unless it was dealt with meanwhile). */
    public void postpone(UUID workspaceId, String userId, Instant at) {
        entityManager.createNativeQuery("""
                        update email_digest set due_at = :at
                        where workspace_id = :ws and user_id = :user and due_at is not null""")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .setParameter("at", SqlTimes.utc(at))
                .executeUpdate();
    }

    public void done(UUID workspaceId, String userId, Instant sentAt) {
        entityManager.createNativeQuery("""
                        update email_digest set due_at = null,
                            last_sent_at = coalesce(cast(:sent as timestamptz), last_sent_at)
                        where workspace_id = :ws and user_id = :user""")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .setParameter("sent", sentAt == null ? null : SqlTimes.utc(sentAt))
                .executeUpdate();
    }

    public void recordSent(UUID workspaceId, String userId, String to, int conversations, int notifications, Instant at) {
        entityManager.createNativeQuery("""
                        insert into email_digest_sent (id, workspace_id, user_id, to_address, conversation_count,
                            notification_count, sent_at)
                        values (:id, :ws, :user, :to, :conversations, :notifications, :at)""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .setParameter("to", to)
                .setParameter("conversations", conversations)
                .setParameter("notifications", notifications)
                .setParameter("at", SqlTimes.utc(at))
                .executeUpdate();
    }

    public long sentCount(UUID workspaceId, String userId) {
        return ((Number) entityManager.createNativeQuery(
                        "select count(*) from email_digest_sent where workspace_id = :ws and user_id = :user")
                .setParameter("ws", workspaceId)
                .setParameter("user", userId)
                .getSingleResult()).longValue();
    }


    public record DueDigest(UUID workspaceId, String userId) {
    }
}
