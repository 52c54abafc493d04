package dev.parley.notification.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * This service's projection of who takes part in which conversation (tables conversation_participant and
 * conversation_deleted, fed from parley.conversations.v1): the participation fact of the read rule.
 */
@ApplicationScoped
public class ParticipantRepository {
    private final EntityManager entityManager;

    public ParticipantRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Added or removed at {@code at}; a statement older than the recorded one changes nothing. The workspace is part
     * of the key (V11): events are untrusted input, and another workspace's event naming this workspace's
     * conversation writes a row of its own workspace, which this workspace never reads, whichever arrives first.
     */
    public void record(UUID workspaceId, UUID conversationId, String userId, boolean present, Instant at) {
        entityManager.createNativeQuery("""
                        insert into conversation_participant (conversation_id, user_id, workspace_id, present, updated_at)
                        values (:conversation, :user, :ws, :present, :at)
                        on conflict (workspace_id, conversation_id, user_id) do update
                            set present = excluded.present, updated_at = excluded.updated_at
                        where conversation_participant.updated_at <= excluded.updated_at""")
                .setParameter("conversation", conversationId)
                .setParameter("user", userId)
                .setParameter("ws", workspaceId)
                .setParameter("present", present)
                .setParameter("at", SqlTimes.utc(at))
                .executeUpdate();
    }

    public void deleted(UUID workspaceId, UUID conversationId, Instant at) {
        entityManager.createNativeQuery("""
                        insert into conversation_deleted (conversation_id, workspace_id, deleted_at)
                        values (:conversation, :ws, :at) on conflict (workspace_id, conversation_id) do nothing""")
                .setParameter("conversation", conversationId)
                .setParameter("ws", workspaceId)
                .setParameter("at", SqlTimes.utc(at))
                .executeUpdate();
    }

    /**
     * Present, removed, or empty when no event about this person in this conversation has been seen yet; only what
     * events of the conversation's own workspace said counts.
     */
    public Optional<Boolean> participation(UUID workspaceId, UUID conversationId, String userId) {
        @SuppressWarnings("unchecked")
        List<Boolean> rows = entityManager.createNativeQuery("""
                        select present from conversation_participant
                        where workspace_id = :ws and conversation_id = :conversation and user_id = :user""")
                .setParameter("ws", workspaceId)
                .setParameter("conversation", conversationId)
                .setParameter("user", userId)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Deleted by an event of its own workspace (another workspace's ConversationDeleted does not count). */
    public boolean isDeleted(UUID workspaceId, UUID conversationId) {
        return !entityManager.createNativeQuery(
                        "select 1 from conversation_deleted where workspace_id = :ws and conversation_id = :conversation")
                .setParameter("ws", workspaceId)
                .setParameter("conversation", conversationId)
                .getResultList().isEmpty();
    }
}
