package dev.parley.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An in-app notification of one message for one person. */
@Entity
@Table(name = "notification")
public class Notification {
    @Id
    private UUID id;
    @Column(name = "workspace_id", nullable = false)
    private UUID workspaceId;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;
    @Column(name = "message_id", nullable = false)
    private UUID messageId;
    @Column(nullable = false)
    private String preview;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "read_at")
    private Instant readAt;
    @Column(name = "conversation_kind")
    private String conversationKind;
    @Column(name = "client_id")
    private UUID clientId;
    @Column(name = "seq")
    private Long seq;
    @Column(name = "sender_name")
    private String senderName;
    /** When a digest dealt with it (emailed, or skipped because email was off or the conversation muted). */
    @Column(name = "digested_at")
    private Instant digestedAt;

    protected Notification() {
    }

    public Notification(UUID id, UUID workspaceId, String userId, UUID conversationId, UUID messageId, String preview,
                        Instant createdAt, String conversationKind, UUID clientId, Long seq, String senderName) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.userId = userId;
        this.conversationId = conversationId;
        this.messageId = messageId;
        this.preview = preview;
        this.createdAt = createdAt;
        this.conversationKind = conversationKind;
        this.clientId = clientId;
        this.seq = seq;
        this.senderName = senderName;
    }

    public UUID id() { return id; }
    public UUID workspaceId() { return workspaceId; }
    public String userId() { return userId; }
    public UUID conversationId() { return conversationId; }
    public UUID messageId() { return messageId; }
    public String preview() { return preview; }
    public Instant createdAt() { return createdAt; }
    public Instant readAt() { return readAt; }
    public String conversationKind() { return conversationKind; }
    public UUID clientId() { return clientId; }
    public Long seq() { return seq; }
    public String senderName() { return senderName; }
    public Instant digestedAt() { return digestedAt; }

    public void markRead(Instant at) {
        if (readAt == null) {
            readAt = at;
        }
    }
}
