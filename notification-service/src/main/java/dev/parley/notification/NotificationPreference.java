package dev.parley.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One person's channel choices in one workspace. No row means {@link #defaults}. Muted conversations live beside it. */
@Entity
@Table(name = "notification_preference")
public class NotificationPreference {
    /** Email on (the seeds: everyone gets unread digests), push on, SMS opt-in (it costs and needs consent). */
    public static final boolean DEFAULT_EMAIL = true;
    public static final boolean DEFAULT_SMS = false;
    public static final boolean DEFAULT_PUSH = true;
    public static final boolean DEFAULT_MUTE_ALL_EMAIL = false;

    @EmbeddedId
    private Key key;
    @Column(nullable = false)
    private boolean email;
    @Column(nullable = false)
    private boolean sms;
    @Column(nullable = false)
    private boolean push;
    @Column(name = "mute_all_email", nullable = false)
    private boolean muteAllEmail;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected NotificationPreference() {
    }

    public NotificationPreference(UUID workspaceId, String userId) {
        this.key = new Key(workspaceId, userId);
        this.email = DEFAULT_EMAIL;
        this.sms = DEFAULT_SMS;
        this.push = DEFAULT_PUSH;
        this.muteAllEmail = DEFAULT_MUTE_ALL_EMAIL;
        this.updatedAt = Instant.now();
    }

    public static NotificationPreference defaults(UUID workspaceId, String userId) {
        return new NotificationPreference(workspaceId, userId);
    }

    public void change(boolean email, boolean sms, boolean push, boolean muteAllEmail, Instant at) {
        this.email = email;
        this.sms = sms;
        this.push = push;
        this.muteAllEmail = muteAllEmail;
        this.updatedAt = at;
    }

    public boolean email() { return email; }
    public boolean sms() { return sms; }
    public boolean push() { return push; }
    public boolean muteAllEmail() { return muteAllEmail; }

    /** Whether digests may go to this person at all. */
    public boolean wantsEmail() {
        return email && !muteAllEmail;
    }

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "workspace_id")
        private UUID workspaceId;
        @Column(name = "user_id")
        private String userId;

        protected Key() {
        }

        public Key(UUID workspaceId, String userId) {
            this.workspaceId = workspaceId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, userId);
        }
    }
}
