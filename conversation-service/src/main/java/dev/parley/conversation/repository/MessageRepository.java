package dev.parley.conversation.repository;

import dev.parley.conversation.Message;
import dev.parley.conversation.MessageEdit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    /**
     * Stores a message whose seq the caller took under the conversation's lock
     * ({@link ConversationRepository#lockLastSeq}), together with what a new message changes beside it, in one
     * statement (the post path's cost is round trips, not work): the conversation's lastSeq and activity, the
     * sender's read marker (their own message is read; the row is made on first use) and everyone's archive (a new
     * message brings the conversation back). Plain JDBC on the transaction's connection: no entity to dirty-check.
     */
    public void append(Message m) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
                bindAppend(insert, m);
                insert.executeUpdate();
            }
        });
    }

    /**
     * {@link #append} for many messages, each in a different conversation whose lock the caller holds, as one JDBC
     * batch (one round trip): an announcement's fan-out to a batch of recipients.
     */
    public void appendAll(List<Message> batch) {
        if (batch.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
                for (Message m : batch) {
                    bindAppend(insert, m);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    private static void bindAppend(PreparedStatement insert, Message m) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC);
        int i = 0;
        insert.setLong(++i, m.seq());
        insert.setObject(++i, at);
        insert.setObject(++i, m.conversationId());
        insert.setObject(++i, m.id());
        insert.setObject(++i, m.conversationId());
        insert.setLong(++i, m.seq());
        insert.setString(++i, m.kind().name());
        insert.setString(++i, m.senderUserId());
        insert.setString(++i, m.senderType());
        insert.setString(++i, m.senderDisplayName());
        insert.setString(++i, m.body());
        insert.setBoolean(++i, m.highlighted());
        insert.setString(++i, m.clientMessageId());
        insert.setObject(++i, m.announcementId(), Types.OTHER);
        insert.setObject(++i, at);
        insert.setObject(++i, m.conversationId());
        insert.setLong(++i, m.seq());
        insert.setObject(++i, at);
        insert.setString(++i, m.senderUserId());
        insert.setObject(++i, m.conversationId());
        insert.setString(++i, m.senderUserId());
    }

    // the sender's marker upsert also unarchives their row, so the last update leaves that row alone (one
    // statement must not change a row twice)
    private static final String APPEND = """
            with conversation_row as (
                update conversation set last_seq = ?, last_activity_at = ? where id = ?),
            message_row as (
                insert into message (id, conversation_id, seq, kind, sender_user_id, sender_type, sender_display_name,
                                     body, highlighted, client_message_id, announcement_id, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)),
            sender_marker as (
                insert into reader_state (conversation_id, user_id, last_read_seq, muted, archived, updated_at)
                select ?, u, ?, false, false, ? from (select cast(? as varchar) as u) sender where u is not null
                on conflict (conversation_id, user_id) do update
                set last_read_seq = greatest(reader_state.last_read_seq, excluded.last_read_seq), archived = false,
                    updated_at = excluded.updated_at)
            update reader_state set archived = false
            where conversation_id = ? and archived and user_id is distinct from cast(? as varchar)""";

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
}
