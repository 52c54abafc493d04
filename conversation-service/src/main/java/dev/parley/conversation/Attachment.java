package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An uploaded file: it belongs to its uploader and workspace, and to at most one message once a post takes it, or
 * to an announcement (all of whose messages list it) once an announcement's delivery takes it.
 * The bytes live in the {@code AttachmentStore}; this row is what the service knows about them.
 */
@Entity
@Table(name = "attachment")
public class Attachment {
    @Id
    private UUID id;
    @Column(name = "workspace_id", nullable = false)
    private UUID workspaceId;
    @Column(name = "uploader_user_id", nullable = false)
    private String uploaderUserId;
    @Column(name = "file_name", nullable = false)
    private String fileName;
    @Column(name = "content_type", nullable = false)
    private String contentType;
    @Column(nullable = false)
    private long size;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "message_id")
    private UUID messageId;
    @Column(name = "conversation_id")
    private UUID conversationId;
    @Column(name = "announcement_id")
    private UUID announcementId;

    protected Attachment() {
    }

    public Attachment(UUID id, UUID workspaceId, String uploaderUserId, String fileName, String contentType,
                      Instant createdAt) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.uploaderUserId = uploaderUserId;
        this.fileName = fileName;
        this.contentType = contentType;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public UUID workspaceId() {
        return workspaceId;
    }

    public String uploaderUserId() {
        return uploaderUserId;
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    public long size() {
        return size;
    }

    public UUID messageId() {
        return messageId;
    }

    public UUID conversationId() {
        return conversationId;
    }

    public UUID announcementId() {
        return announcementId;
    }

    /** Taken by a message or by an announcement: no longer only its uploader's. */
    public boolean attached() {
        return messageId != null || announcementId != null;
    }

    /** The number of bytes the store took. */
    public void stored(long bytes) {
        this.size = bytes;
    }

    public void attachTo(Message message) {
        this.messageId = message.id();
        this.conversationId = message.conversationId();
    }

    public void attachTo(UUID announcementId) {
        this.announcementId = announcementId;
    }

    /** How messages, their views and MessagePosted describe it. */
    public MessageAttachment describe() {
        return new MessageAttachment(id, fileName, contentType, size,
                "/api/v1/workspaces/" + workspaceId + "/attachments/" + id);
    }
}
