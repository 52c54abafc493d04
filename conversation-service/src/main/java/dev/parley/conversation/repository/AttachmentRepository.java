package dev.parley.conversation.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Attachment;
import dev.parley.conversation.MessageAttachment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AttachmentRepository implements PanacheRepositoryBase<Attachment, UUID> {
    private final ObjectMapper json;

    public AttachmentRepository(ObjectMapper json) {
        this.json = json;
    }

    /** message.attachments (jsonb), as the Message entity reads it: the same list on each of {@code messageIds}. */
    public void describeOnMessages(Collection<UUID> messageIds, List<MessageAttachment> attachments) {
        try {
            getEntityManager().createNativeQuery("update message set attachments = cast(:json as jsonb) where id = any(:ids)")
                    .setParameter("json", json.writeValueAsString(attachments))
                    .setParameter("ids", messageIds.toArray(UUID[]::new))
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Attachment> findInWorkspace(UUID workspaceId, UUID id) {
        return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResultOptional();
    }

    /** The caller's own uploads among {@code ids}, locked until the post commits (a sweep cannot take them meanwhile). */
    public List<Attachment> lockUploads(UUID workspaceId, String uploaderUserId, Collection<UUID> ids) {
        return find("id in ?1 and workspaceId = ?2 and uploaderUserId = ?3", ids, workspaceId, uploaderUserId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    public List<Attachment> ofMessage(UUID messageId) {
        return list("messageId", messageId);
    }

    public List<Attachment> ofAnnouncement(UUID announcementId) {
        return list("announcementId", announcementId);
    }

    /** Whether a message of the announcement other than {@code deleted} is still shown (not deleted). */
    public boolean announcementShownElsewhere(UUID announcementId, UUID deleted) {
        return !getEntityManager().createNativeQuery("""
                        select 1 from message where announcement_id = :a and deleted_at is null and id <> :deleted limit 1""")
                .setParameter("a", announcementId).setParameter("deleted", deleted).getResultList().isEmpty();
    }

    /** A message of an announcement: where it is, and its seq (a participant may not see early history). */
    public record Placed(UUID conversationId, long seq) {
    }

    /**
     * The messages of an announcement that a person is most likely to be allowed to read, few enough to check one
     * by one with the access policy: those in conversations they take part in, those in the CLIENT conversations of
     * clients assigned to them (a member), and any one (a member who reads client conversations by permission).
     */
    @SuppressWarnings("unchecked")
    public List<Placed> placesToCheck(UUID announcementId, String userId, UUID memberId) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        (select m.conversation_id, m.seq from message m
                         join participant p on p.conversation_id = m.conversation_id and p.user_id = :user
                         where m.announcement_id = :a and m.deleted_at is null limit 10)
                        union all
                        (select m.conversation_id, m.seq from message m
                         join conversation c on c.id = m.conversation_id
                         join identity_assignment ia on ia.workspace_id = c.workspace_id and ia.client_id = c.client_id
                         where m.announcement_id = :a and m.deleted_at is null and ia.assigned and ia.member_id = :member
                         limit 10)
                        union all
                        (select conversation_id, seq from message where announcement_id = :a and deleted_at is null
                         limit 1)""")
                .setParameter("a", announcementId).setParameter("user", userId)
                .setParameter("member", memberId == null ? new UUID(0, 0) : memberId).getResultList();
        return rows.stream().map(r -> new Placed((UUID) r[0], ((Number) r[1]).longValue())).toList();
    }

    /** Everything a deleted client leaves: what they uploaded, and every file in the conversations that go with them. */
    public List<Attachment> ofClient(UUID workspaceId, String userId, Collection<UUID> conversationIds) {
        return list("workspaceId = ?1 and (uploaderUserId = ?2 or conversationId in ?3)", workspaceId,
                userId == null ? "" : userId, conversationIds.isEmpty() ? List.of(new UUID(0, 0)) : conversationIds);
    }

    /**
     * What the sweep removes, oldest first, skipping rows a post holds locked: uploads no message or announcement
     * took, created before {@code cutoff}; and an announcement's files once none of its messages is shown (its
     * recipients' conversations went with deleted clients).
     */
    @SuppressWarnings("unchecked")
    public List<Attachment> unusedBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                        select * from attachment a
                        where (a.message_id is null and a.announcement_id is null and a.created_at < :cutoff)
                           or (a.announcement_id is not null and not exists (select 1 from message m
                                where m.announcement_id = a.announcement_id and m.deleted_at is null))
                        order by a.created_at limit :limit for update skip locked""", Attachment.class)
                .setParameter("cutoff", cutoff).setParameter("limit", limit).getResultList();
    }
}
