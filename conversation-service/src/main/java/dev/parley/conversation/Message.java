package dev.parley.conversation;

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

/** A message: {@code seq} is gapless within its conversation; a deleted message is a tombstone without a body. */
@Entity
@Table(name = "message")
public class Message {
    @Id
    private UUID id;
    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;
    @Column(nullable = false)
    private long seq;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MessageKind kind;
    @Column(name = "sender_user_id")
    private String senderUserId;
    @Column(name = "sender_type", nullable = false)
    private String senderType;
    @Column(name = "sender_display_name")
    private String senderDisplayName;
    @Column(length = 16000)
    private String body;
    @Column(nullable = false)
    private boolean highlighted;
    @Column(name = "client_message_id")
    private String clientMessageId;
    @Column(name = "announcement_id")
    private UUID announcementId;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "edited_at")
    private Instant editedAt;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    /** Written once at post time; null when there are none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "attachments")
    private List<MessageAttachment> attachments;

    protected Message() {
    }

    public Message(UUID id, UUID conversationId, long seq, MessageKind kind, String senderUserId, String senderType,
                   String senderDisplayName, String body, boolean highlighted, String clientMessageId,
                   UUID announcementId, Instant createdAt, List<MessageAttachment> attachments) {
        this.id = id;
        this.conversationId = conversationId;
        this.seq = seq;
        this.kind = kind;
        this.senderUserId = senderUserId;
        this.senderType = senderType;
        this.senderDisplayName = senderDisplayName;
        this.body = body;
        this.highlighted = highlighted;
        this.clientMessageId = clientMessageId;
        this.announcementId = announcementId;
        this.createdAt = createdAt;
        this.attachments = attachments == null || attachments.isEmpty() ? null : List.copyOf(attachments);
    }

    public UUID id() {
        return id;
    }

    public UUID conversationId() {
        return conversationId;
    }

    public long seq() {
        return seq;
    }

    public MessageKind kind() {
        return kind;
    }

    public String senderUserId() {
        return senderUserId;
    }

    public String senderType() {
        return senderType;
    }

    public String senderDisplayName() {
        return senderDisplayName;
    }

    public String body() {
        return body;
    }

    public boolean highlighted() {
        return highlighted;
    }

    public String clientMessageId() {
        return clientMessageId;
    }

    public UUID announcementId() {
        return announcementId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant editedAt() {
        return editedAt;
    }

    public Instant deletedAt() {
        return deletedAt;
    }

    /** None for a tombstone: the files of a deleted message are removed with it. */
    public List<MessageAttachment> attachments() {
        return attachments == null || deleted() ? List.of() : attachments;
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public void edit(String newBody, Instant at) {
        this.body = newBody;
        this.editedAt = at;
    }

    public void delete(Instant at) {
        this.body = null;
        this.attachments = null;
        this.deletedAt = at;
    }
}
