package dev.parley.conversation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Set-based statements for an announcement's fan-out: one batch of up to 500 recipients costs a handful of round
 * trips instead of a handful per recipient (DESIGN section 8: 10,000 clients within 30 s). Everything here runs in
 * the announcement consumer's transaction.
 */
@ApplicationScoped
public class AnnouncementDeliveryRepository {
    private final EntityManager entityManager;

    public AnnouncementDeliveryRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Cancelled by an AnnouncementCancelled of its own workspace (another workspace's cancel does not count). */
    public boolean isCancelled(UUID workspaceId, UUID announcementId) {
        return !entityManager.createNativeQuery(
                        "select 1 from cancelled_announcement where workspace_id = :ws and announcement_id = :id")
                .setParameter("ws", workspaceId).setParameter("id", announcementId).getResultList().isEmpty();
    }

    public void recordCancelled(UUID workspaceId, UUID announcementId, Instant cancelledAt) {
        entityManager.createNativeQuery("""
                        insert into cancelled_announcement (announcement_id, workspace_id, cancelled_at)
                        values (:id, :ws, :at) on conflict do nothing""")
                .setParameter("id", announcementId).setParameter("ws", workspaceId)
                .setParameter("at", OffsetDateTime.ofInstant(cancelledAt, ZoneOffset.UTC)).executeUpdate();
    }

    /** The CLIENT conversation id of each of the clients that has one. */
    @SuppressWarnings("unchecked")
    public Map<UUID, UUID> clientConversationIds(UUID workspaceId, Collection<UUID> clientIds) {
        Map<UUID, UUID> byClient = new HashMap<>();
        if (clientIds.isEmpty()) {
            return byClient;
        }
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select client_id, id from conversation
                        where workspace_id = :ws and kind = 'CLIENT' and client_id in (:clients)""")
                .setParameter("ws", workspaceId).setParameter("clients", clientIds).getResultList();
        rows.forEach(r -> byClient.put((UUID) r[0], (UUID) r[1]));
        return byClient;
    }

    /** A conversation locked for posting: its client and its newest seq as of the lock. */
    public record Target(UUID conversationId, UUID clientId, long lastSeq) {
    }

    /**
     * Locks the conversations ({@code select ... for update}, in id order so that two batches never deadlock) and
     * returns those that do not hold the announcement's message yet. The check runs after the lock is granted, so
     * it sees a delivery another transaction committed meanwhile.
     */
    @SuppressWarnings("unchecked")
    public List<Target> lockUndelivered(Collection<UUID> conversationIds, String authorUserId, String clientMessageId) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> locked = entityManager.createNativeQuery("""
                        select id, client_id, last_seq from conversation where id in (:ids) order by id for update""")
                .setParameter("ids", conversationIds).getResultList();
        Set<UUID> delivered = new HashSet<>((List<UUID>) entityManager.createNativeQuery("""
                        select conversation_id from message
                        where conversation_id in (:ids) and sender_user_id = :author and client_message_id = :cmid""")
                .setParameter("ids", conversationIds).setParameter("author", authorUserId)
                .setParameter("cmid", clientMessageId).getResultList());
        return locked.stream().filter(r -> !delivered.contains((UUID) r[0]))
                .map(r -> new Target((UUID) r[0], (UUID) r[1], ((Number) r[2]).longValue())).toList();
    }

    /** The user ids among {@code userIds} that already take part in the conversation. */
    @SuppressWarnings("unchecked")
    public Set<String> participantsAmong(UUID conversationId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>((List<String>) entityManager.createNativeQuery("""
                        select user_id from participant where conversation_id = :id and user_id in (:users)""")
                .setParameter("id", conversationId).setParameter("users", userIds).getResultList());
    }
}
