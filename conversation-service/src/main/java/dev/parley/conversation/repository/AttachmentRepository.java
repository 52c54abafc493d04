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

    /** message.attachments (jsonb), as the Message entity reads it. */
    public void describeOnMessage(UUID messageId, List<MessageAttachment> attachments) {
        try {
            getEntityManager().createNativeQuery("update message set attachments = cast(:json as jsonb) where id = :id")
                    .setParameter("json", json.writeValueAsString(attachments)).setParameter("id", messageId)
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

    /** Everything a deleted client leaves: what they uploaded, and every file in the conversations that go with them. */
    public List<Attachment> ofClient(UUID workspaceId, String userId, Collection<UUID> conversationIds) {
        return list("workspaceId = ?1 and (uploaderUserId = ?2 or conversationId in ?3)", workspaceId,
                userId == null ? "" : userId, conversationIds.isEmpty() ? List.of(new UUID(0, 0)) : conversationIds);
    }

    /** Uploads no message took, created before {@code cutoff}, oldest first (skipping rows a post holds locked). */
    @SuppressWarnings("unchecked")
    public List<Attachment> unattachedBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                        select * from attachment where message_id is null and created_at < :cutoff
                        order by created_at limit :limit for update skip locked""", Attachment.class)
                .setParameter("cutoff", cutoff).setParameter("limit", limit).getResultList();
    }
}
