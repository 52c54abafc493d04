package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A conversation of one workspace. {@code lastSeq} is the newest message's seq; posting locks this row. */
@Entity
@Table(name = "conversation")
public class Conversation {
    @Id
    private UUID id;
    @Column(name = "workspace_id", nullable = false)
    private UUID workspaceId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ConversationKind kind;
    private String name;
    @Column(name = "client_id")
    private UUID clientId;
    @Column(name = "organisation_id")
    private UUID organisationId;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    // written only by the posting statement (MessageRepository#append), never by a flush: an instance loaded
    // before a post holds an older value, and writing it back would move lastSeq backwards
    @Column(name = "last_seq", nullable = false, updatable = false)
    private long lastSeq;
    @Column(name = "last_activity_at", nullable = false, updatable = false)
    private Instant lastActivityAt;

    protected Conversation() {
    }

    public Conversation(UUID id, UUID workspaceId, ConversationKind kind, String name, UUID clientId,
                        UUID organisationId, String createdBy, Instant createdAt) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.kind = kind;
        this.name = name;
        this.clientId = clientId;
        this.organisationId = organisationId;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.lastActivityAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public UUID workspaceId() {
        return workspaceId;
    }

    public ConversationKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public void rename(String name) {
        this.name = name;
    }

    public UUID clientId() {
        return clientId;
    }

    public UUID organisationId() {
        return organisationId;
    }

    public void belongTo(UUID organisationId) {
        this.organisationId = organisationId;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Instant lastActivityAt() {
        return lastActivityAt;
    }

    /** Mirrors in memory what MessageRepository#append stored (these columns are never flushed). */
    public void advancedTo(long seq, Instant at) {
        lastSeq = seq;
        lastActivityAt = at;
    }
}
