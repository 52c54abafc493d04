package dev.parley.announcement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An announcement to many clients. DRAFT and SCHEDULED ones can be edited (drafts only) or cancelled; publishing
 * resolves the audience into recipients and fans out through the outbox (PUBLISHING until every recipient's
 * message is posted, then PUBLISHED). The selected client or organisation ids live in announcement_audience.
 */
@Entity
@Table(name = "announcement")
public class Announcement {
    public enum Status { DRAFT, SCHEDULED, PUBLISHING, PUBLISHED, CANCELLED }

    public enum AudienceKind { ALL_CLIENTS, CLIENTS, ORGANISATIONS }

    public enum Delivery { DIRECT, ROOM }

    @Id
    private UUID id;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    @Column(name = "author_user_id")
    private String authorUserId;
    private String body;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "attachment_ids", columnDefinition = "uuid[]")
    private UUID[] attachmentIds;
    private boolean highlighted;
    @Enumerated(EnumType.STRING)
    @Column(name = "audience_kind")
    private AudienceKind audienceKind;
    @Enumerated(EnumType.STRING)
    private Delivery delivery;
    @Column(name = "room_id")
    private UUID roomId;
    @Column(name = "scheduled_at")
    private Instant scheduledAt;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "published_at")
    private Instant publishedAt;
    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    protected Announcement() {
    }

    public Announcement(UUID id, UUID workspaceId, String authorUserId, Instant createdAt) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.authorUserId = authorUserId;
        this.createdAt = createdAt;
        this.status = Status.DRAFT;
    }

    public void content(String body, List<UUID> attachmentIds, boolean highlighted, AudienceKind audienceKind,
                        Delivery delivery, UUID roomId) {
        this.body = body;
        this.attachmentIds = attachmentIds.toArray(UUID[]::new);
        this.highlighted = highlighted;
        this.audienceKind = audienceKind;
        this.delivery = delivery;
        this.roomId = roomId;
    }

    public void schedule(Instant at) {
        status = Status.SCHEDULED;
        scheduledAt = at;
    }

    public void publishing(Instant at) {
        status = Status.PUBLISHING;
        publishedAt = at;
    }

    public void published() {
        status = Status.PUBLISHED;
    }

    public void cancel(Instant at) {
        status = Status.CANCELLED;
        cancelledAt = at;
    }

    public UUID id() { return id; }
    public UUID workspaceId() { return workspaceId; }
    public String authorUserId() { return authorUserId; }
    public String body() { return body; }
    public List<UUID> attachmentIds() { return attachmentIds == null ? List.of() : List.of(attachmentIds); }
    public boolean highlighted() { return highlighted; }
    public AudienceKind audienceKind() { return audienceKind; }
    public Delivery delivery() { return delivery; }
    public UUID roomId() { return roomId; }
    public Instant scheduledAt() { return scheduledAt; }
    public Status status() { return status; }
    public Instant createdAt() { return createdAt; }
    public Instant publishedAt() { return publishedAt; }
}
