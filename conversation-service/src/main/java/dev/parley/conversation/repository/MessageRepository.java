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


    public List<Message> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    /** A full-text match: the message id, its ts_rank and the ts_headline snippet (matches between « and »). */
    public record SearchRow(UUID id, float rank, String snippet) {
    }

    /**
     * Messages matching {@code q} (websearch syntax: words, "phrases", -not, or) in the given conversations, each
     * above the seq its history is hidden up to, never deleted ones; best rank first, then newest id, keyset after
     * (afterRank, afterId). The snippet is computed only for the page's rows.
     */
    @SuppressWarnings("unchecked")
    public List<SearchRow> search(Map<UUID, Long> hiddenUpTo, String q, Float afterRank, UUID afterId, int limit) {
        String ids = hiddenUpTo.keySet().stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        String hidden = hiddenUpTo.values().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        String sql = """
                with v (cid, hidden) as (select * from unnest(cast(:ids as uuid[]), cast(:hidden as bigint[]))),
                     q (query) as (select websearch_to_tsquery('simple', :q)),
                     hits as (select m.id, ts_rank(m.body_tsv, q.query) as rank
                              from message m join v on m.conversation_id = v.cid and m.seq > v.hidden cross join q
                              where m.body_tsv @@ q.query and m.deleted_at is null)
                select h.id, h.rank, ts_headline('simple', m.body, q.query,
                         'StartSel=«, StopSel=», MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
                from (select * from hits %s order by rank desc, id desc limit :limit) h
                join message m on m.id = h.id cross join q
                order by h.rank desc, h.id desc
                """.formatted(afterId == null ? "" : "where rank < :afterRank or (rank = :afterRank and id < :afterId)");
        var query = getEntityManager().createNativeQuery(sql)
                .setParameter("ids", ids)
                .setParameter("hidden", hidden)
                .setParameter("q", q)
                .setParameter("limit", limit);
        if (afterId != null) {
            query.setParameter("afterRank", afterRank).setParameter("afterId", afterId);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new SearchRow((UUID) r[0], ((Number) r[1]).floatValue(), (String) r[2])).toList();
    }
}
