package dev.parley.conversation.repository;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationKind;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

    /** The conversation if it belongs to the workspace: another workspace's id is simply not found. */
    public Optional<Conversation> findInWorkspace(UUID workspaceId, UUID id) {
        return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResultOptional();
    }

    /**
     * Locks the row until commit ({@code select ... for update}, one round trip, no entity) and returns the newest
     * seq: a post takes seq + 1 under this lock, so seqs are taken one transaction at a time and a rolled-back post
     * leaves no gap. Taking it again in the same transaction returns at once.
     */
    public long lockLastSeq(UUID conversationId) {
        return ((Number) getEntityManager()
                .createNativeQuery("select last_seq from conversation where id = :id for update")
                .setParameter("id", conversationId)
                .getSingleResult()).longValue();
    }

    public Optional<Conversation> findOfClient(UUID workspaceId, ConversationKind kind, UUID clientId) {
        return find("workspaceId = ?1 and kind = ?2 and clientId = ?3", workspaceId, kind, clientId).firstResultOptional();
    }

    public Optional<Conversation> findOfOrganisation(UUID workspaceId, UUID organisationId) {
        return find("workspaceId = ?1 and kind = ?2 and organisationId = ?3", workspaceId, ConversationKind.ORGANISATION,
                organisationId).firstResultOptional();
    }

    public List<Conversation> findGroupsOfOrganisation(UUID workspaceId, UUID organisationId) {
        return list("workspaceId = ?1 and kind = ?2 and organisationId = ?3", workspaceId, ConversationKind.GROUP,
                organisationId);
    }

    public List<Conversation> findWithParticipant(UUID workspaceId, String userId) {
        return list("workspaceId = ?1 and id in (select p.conversationId from Participant p where p.userId = ?2)",
                workspaceId, userId);
    }

    /** What the caller may be able to see, before the AccessPolicy has the last word on each row. */
    public record Candidates(UUID workspaceId, String userId, boolean client, boolean chatsAccess,
                             boolean privateAccess, Collection<UUID> assignedClientIds, ConversationKind kind,
                             UUID clientId, boolean archived, Instant afterActivity, UUID afterId, int limit) {
    }

    /**
     * One page of the conversation list, newest activity first (keyset on last_activity_at, id). The where clause
     * mirrors AccessPolicy so that the page is not mostly rows the policy then drops; the policy still decides.
     */
    @SuppressWarnings("unchecked")
    public List<Conversation> candidates(Candidates q) {
        StringBuilder sql = new StringBuilder("""
                select c.* from conversation c
                left join reader_state rs on rs.conversation_id = c.id and rs.user_id = :userId
                where c.workspace_id = :ws
                  and coalesce(rs.archived, false) = :archived
                  and (exists (select 1 from participant p where p.conversation_id = c.id and p.user_id = :userId)""");
        if (!q.client()) {
            sql.append(ReadGrants.orTerms(q.chatsAccess(), !q.assignedClientIds().isEmpty(), q.privateAccess()));
        }
        sql.append(")");
        if (q.kind() != null) {
            sql.append(" and c.kind = :kind");
        }
        if (q.clientId() != null) {
            sql.append(" and c.client_id = :clientId");
        }
        if (q.afterActivity() != null) {
            sql.append(" and (c.last_activity_at, c.id) < (:afterActivity, :afterId)");
        }
        sql.append(" order by c.last_activity_at desc, c.id desc limit :limit");
        var query = getEntityManager().createNativeQuery(sql.toString(), Conversation.class)
                .setParameter("userId", q.userId())
                .setParameter("ws", q.workspaceId())
                .setParameter("archived", q.archived())
                .setParameter("limit", q.limit());
        if (!q.client() && !q.assignedClientIds().isEmpty()) {
            query.setParameter("assigned", q.assignedClientIds());
        }
        if (q.kind() != null) {
            query.setParameter("kind", q.kind().name());
        }
        if (q.clientId() != null) {
            query.setParameter("clientId", q.clientId());
        }
        if (q.afterActivity() != null) {
            query.setParameter("afterActivity", q.afterActivity()).setParameter("afterId", q.afterId());
        }
        return query.getResultList();
    }
}
