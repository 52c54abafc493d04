package dev.parley.announcement.repository;

import dev.parley.events.announcement.AnnouncementDeliveryRequested.Recipient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The resolved recipients of published announcements, with when each got the message and read it. */
@ApplicationScoped
public class RecipientRepository {
    private final EntityManager entityManager;

    public RecipientRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** All recipients in one statement (unnest of two arrays), so 10,000 of them cost one round trip. */
    public void insert(UUID announcementId, List<Recipient> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into announcement_recipient (announcement_id, client_id, user_id)
                    select ?, c, u from unnest(?::uuid[], ?::text[]) as t(c, u)""")) {
                statement.setObject(1, announcementId);
                statement.setArray(2, connection.createArrayOf("uuid",
                        recipients.stream().map(Recipient::clientId).toArray()));
                statement.setArray(3, connection.createArrayOf("text",
                        recipients.stream().map(Recipient::userId).toArray()));
                statement.executeUpdate();
            }
        });
    }

    /** DIRECT: a message that reached a client's own conversation. */
    public record Delivery(UUID clientId, UUID conversationId, long seq, Instant at) {
    }

    /**
     * DIRECT: the messages reached the clients' own conversations; one statement for all of them (unnest of four
     * arrays), so a poll of hundreds of deliveries costs one round trip. A recipient already delivered is left as it
     * was (a redelivered event changes nothing).
     */
    public void deliveredToClients(UUID announcementId, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update announcement_recipient r set conversation_id = d.conversation_id, seq = d.seq, delivered_at = d.at
                    from unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::timestamptz[]) as d(client_id, conversation_id, seq, at)
                    where r.announcement_id = ? and r.client_id = d.client_id and r.delivered_at is null""")) {
                statement.setArray(1, connection.createArrayOf("uuid", deliveries.stream().map(Delivery::clientId).toArray()));
                statement.setArray(2, connection.createArrayOf("uuid", deliveries.stream().map(Delivery::conversationId).toArray()));
                statement.setArray(3, connection.createArrayOf("bigint", deliveries.stream().map(Delivery::seq).toArray()));
                // ISO-8601 text, read by PostgreSQL's timestamptz input (microseconds kept)
                statement.setArray(4, connection.createArrayOf("text", deliveries.stream().map(d -> d.at().toString()).toArray()));
                statement.setObject(5, announcementId);
                statement.executeUpdate();
            }
        });
    }

    /** ROOM: the message is in the room; every recipient who may see it there has it. */
    public int deliveredToUsers(UUID announcementId, Collection<String> userIds, UUID conversationId, long seq, Instant at) {
        if (userIds.isEmpty()) {
            return 0;
        }
        return entityManager.createNativeQuery("""
                        update announcement_recipient set conversation_id = :conversation, seq = :seq, delivered_at = :at
                        where announcement_id = :id and user_id in (:users) and delivered_at is null""")
                .setParameter("conversation", conversationId).setParameter("seq", seq).setParameter("at", at)
                .setParameter("id", announcementId).setParameter("users", userIds)
                .executeUpdate();
    }

    /**
     * A reader's marker passed the announcement's seq in their conversation: read (once; later markers change
     * nothing). Only announcements of the marker's workspace: an event is untrusted input, and another workspace's
     * MessagesRead naming this conversation counts no read here.
     */
    public int read(UUID workspaceId, UUID conversationId, String userId, long upToSeq, Instant at) {
        return entityManager.createNativeQuery("""
                        update announcement_recipient set read_at = :at
                        where conversation_id = :conversation and user_id = :user and seq <= :upTo and read_at is null
                          and announcement_id in (select id from announcement where workspace_id = :ws)""")
                .setParameter("at", at).setParameter("conversation", conversationId).setParameter("user", userId)
                .setParameter("ws", workspaceId)
                .setParameter("upTo", upToSeq)
                .executeUpdate();
    }

    public Map<UUID, Stats> stats(Collection<UUID> announcementIds) {
        Map<UUID, Stats> stats = new HashMap<>();
        if (announcementIds.isEmpty()) {
            return stats;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select announcement_id, count(*), count(delivered_at), count(read_at) from announcement_recipient
                        where announcement_id in (:ids) group by announcement_id""", Object[].class)
                .setParameter("ids", announcementIds)
                .getResultList();
        for (Object[] row : rows) {
            stats.put((UUID) row[0], new Stats(((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue()));
        }
        return stats;
    }
}
