package dev.parley.announcement.repository;

import dev.parley.announcement.Announcement;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AnnouncementRepository implements PanacheRepositoryBase<Announcement, UUID> {

    public Optional<Announcement> findInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).firstResultOptional();
    }

    /** The row locked for a state change (publish, cancel, edit), so two of them never interleave. */
    public Optional<Announcement> lockInWorkspace(UUID workspaceId, UUID id) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, id).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public Optional<Announcement> lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Newest first, keyset-paginated on (createdAt, id). */
    public List<Announcement> page(UUID workspaceId, PageCursor after, int limit) {
        StringBuilder query = new StringBuilder("workspaceId = :ws");
        Parameters params = Parameters.with("ws", workspaceId);
        if (after != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.and("at", after.createdAt()).and("id", after.id());
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).page(0, limit).list();
    }

    /**
     * Claims due scheduled announcements: rows another instance holds are skipped, and a row another instance has
     * already published no longer matches once its lock is gone (PostgreSQL re-checks the condition), so each
     * fires once however many instances poll.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> claimDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                        select id from announcement where status = 'SCHEDULED' and scheduled_at <= :now
                        order by scheduled_at limit :limit for update skip locked""", UUID.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }

    public List<UUID> audience(UUID announcementId) {
        return getEntityManager().createNativeQuery(
                        "select target_id from announcement_audience where announcement_id = :id order by target_id", UUID.class)
                .setParameter("id", announcementId)
                .getResultList();
    }

    public Map<UUID, List<UUID>> audiences(List<UUID> announcementIds) {
        Map<UUID, List<UUID>> byAnnouncement = new HashMap<>();
        if (announcementIds.isEmpty()) {
            return byAnnouncement;
        }
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        select announcement_id, target_id from announcement_audience
                        where announcement_id in (:ids) order by target_id""", Object[].class)
                .setParameter("ids", announcementIds)
                .getResultList();
        for (Object[] row : rows) {
            byAnnouncement.computeIfAbsent((UUID) row[0], k -> new ArrayList<>()).add((UUID) row[1]);
        }
        return byAnnouncement;
    }

    public void replaceAudience(UUID announcementId, List<UUID> targetIds) {
        getEntityManager().createNativeQuery("delete from announcement_audience where announcement_id = :id")
                .setParameter("id", announcementId).executeUpdate();
        for (UUID target : targetIds) {
            getEntityManager().createNativeQuery(
                            "insert into announcement_audience (announcement_id, target_id) values (:id, :target)")
                    .setParameter("id", announcementId).setParameter("target", target).executeUpdate();
        }
    }

    /** PUBLISHING → PUBLISHED once no recipient is waiting for their message; the caller holds the row's lock. */
    public void markPublishedIfAllDelivered(UUID announcementId) {
        getEntityManager().createNativeQuery("""
                        update announcement set status = 'PUBLISHED' where id = :id and status = 'PUBLISHING'
                        and not exists (select 1 from announcement_recipient r
                                        where r.announcement_id = :id and r.delivered_at is null)""")
                .setParameter("id", announcementId).executeUpdate();
    }
}
