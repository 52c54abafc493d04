package dev.parley.conversation.repository;

import dev.parley.conversation.Message;
import dev.parley.conversation.MessageEdit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    public Optional<Message> findInConversation(UUID conversationId, UUID messageId) {
        return find("id = ?1 and conversationId = ?2", messageId, conversationId).firstResultOptional();
    }

    public Optional<Message> findByClientMessageId(UUID conversationId, String senderUserId, String clientMessageId) {
        return find("conversationId = ?1 and senderUserId = ?2 and clientMessageId = ?3", conversationId, senderUserId,
                clientMessageId).firstResultOptional();
    }

    /**
     * One page of history by seq (the unique index on (conversation_id, seq) serves it), returned oldest first.
     * {@code limit + 1} rows are read to know whether there is more in the paging direction.
     */
    public List<Message> page(UUID conversationId, long visibleAfterSeq, Long before, Long after, int limit) {
        long upper = before != null ? before : Long.MAX_VALUE;
        if (after != null) {
            return find("conversationId = ?1 and seq > ?2 and seq < ?3 order by seq asc", conversationId,
                    Math.max(after, visibleAfterSeq), upper).page(0, limit + 1).list();
        }
        List<Message> newestFirst = find("conversationId = ?1 and seq > ?2 and seq < ?3 order by seq desc", conversationId,
                visibleAfterSeq, upper).page(0, limit + 1).list();
        return newestFirst; // newest first; the caller trims and reverses
    }

    /** The newest message of each conversation (seq = lastSeq). */
    public Map<UUID, Message> lastMessages(Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        return list("from Message m where m.conversationId in ?1 and m.seq = "
                + "(select c.lastSeq from Conversation c where c.id = m.conversationId)", conversationIds).stream()
                .collect(Collectors.toMap(Message::conversationId, Function.identity()));
    }

    public void recordEdit(MessageEdit edit) {
        getEntityManager().persist(edit);
    }

    public List<MessageEdit> edits(UUID messageId) {
        return getEntityManager().createQuery("from MessageEdit e where e.messageId = ?1 order by e.replacedAt", MessageEdit.class)
                .setParameter(1, messageId).getResultList();
    }

    /** Erases what a deleted client wrote in conversations that outlive them (tombstones, as a deletion leaves). */
    public int eraseAuthor(Collection<UUID> conversationIds, String userId, Instant at) {
        if (conversationIds.isEmpty()) {
            return 0;
        }
        return update("body = null, deletedAt = ?1 where conversationId in ?2 and senderUserId = ?3 and deletedAt is null",
                at, conversationIds, userId);
    }

}
