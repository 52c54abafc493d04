package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One person's state in one conversation: read marker, mute and archive (participants and permission readers alike). */
@Entity
@Table(name = "reader_state")
@IdClass(Participant.Key.class)
public class ReaderState {
    @Id
    @Column(name = "conversation_id")
    private UUID conversationId;
    @Id
    @Column(name = "user_id")
    private String userId;
    @Column(name = "last_read_seq", nullable = false)
    private long lastReadSeq;
    @Column(nullable = false)
    private boolean muted;
    @Column(nullable = false)
    private boolean archived;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ReaderState() {
    }

    public ReaderState(UUID conversationId, String userId, Instant at) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.updatedAt = at;
    }

    public UUID conversationId() {
        return conversationId;
    }

    public String userId() {
        return userId;
    }

    public long lastReadSeq() {
        return lastReadSeq;
    }

    public boolean muted() {
        return muted;
    }

    public boolean archived() {
        return archived;
    }

    /** Moves the marker forward only; returns whether it moved. */
    public boolean readUpTo(long seq, Instant at) {
        if (seq <= lastReadSeq) {
            return false;
        }
        lastReadSeq = seq;
        updatedAt = at;
        return true;
    }

    public void mute(boolean muted, Instant at) {
        this.muted = muted;
        this.updatedAt = at;
    }

    public void archive(boolean archived, Instant at) {
        this.archived = archived;
        this.updatedAt = at;
    }
}
