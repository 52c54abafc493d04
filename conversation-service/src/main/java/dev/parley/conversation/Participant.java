package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A person taking part in a conversation. Messages with seq up to {@code visibleFromSeq} are hidden from them. */
@Entity
@Table(name = "participant")
@IdClass(Participant.Key.class)
public class Participant {
    @Id
    @Column(name = "conversation_id")
    private UUID conversationId;
    @Id
    @Column(name = "user_id")
    private String userId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ParticipantType type;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ParticipantRole role;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ParticipantAccess access;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;
    @Column(name = "visible_from_seq", nullable = false)
    private long visibleFromSeq;

    protected Participant() {
    }

    public Participant(UUID conversationId, String userId, ParticipantType type, ParticipantRole role,
                       ParticipantAccess access, String displayName, Instant joinedAt, long visibleFromSeq) {
        this.conversationId = conversationId;
        this.userId = userId;
        this.type = type;
        this.role = role;
        this.access = access;
        this.displayName = displayName;
        this.joinedAt = joinedAt;
        this.visibleFromSeq = visibleFromSeq;
    }

    public UUID conversationId() {
        return conversationId;
    }

    public String userId() {
        return userId;
    }

    public ParticipantType type() {
        return type;
    }

    public ParticipantRole role() {
        return role;
    }

    public ParticipantAccess access() {
        return access;
    }

    public String displayName() {
        return displayName;
    }

    public void rename(String displayName) {
        this.displayName = displayName;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    public long visibleFromSeq() {
        return visibleFromSeq;
    }

    public void changeRole(ParticipantRole role, ParticipantAccess access) {
        this.role = role;
        this.access = access;
    }

    public AccessPolicy.Participation participation() {
        return new AccessPolicy.Participation(role, access);
    }

    public static class Key implements Serializable {
        private UUID conversationId;
        private String userId;

        public Key() {
        }

        public Key(UUID conversationId, String userId) {
            this.conversationId = conversationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(conversationId, k.conversationId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(conversationId, userId);
        }
    }
}
