package dev.parley.identity;

import dev.parley.events.identity.ChatSettings;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A business using Parley, with its chat settings (one row: settings are never read without their workspace). */
@Entity
@Table(name = "workspace")
public class Workspace {
    @Id
    private UUID id;
    private String name;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "messaging_enabled")
    private boolean messagingEnabled;
    @Column(name = "contact_button_after_booking")
    private boolean contactButtonAfterBooking;
    @Column(name = "read_receipts")
    private boolean readReceipts;
    @Column(name = "typing_indicator")
    private boolean typingIndicator;
    @Column(name = "private_messaging_enabled")
    private boolean privateMessagingEnabled;
    @Column(name = "default_client_channel")
    private String defaultClientChannel;
    @Column(name = "welcome_message")
    private String welcomeMessage;
    @Column(name = "clients_see_participants")
    private boolean clientsSeeParticipants;
    @Column(name = "history_visible_to_new_participants")
    private boolean historyVisibleToNewParticipants;
    @Column(name = "attachment_max_bytes")
    private long attachmentMaxBytes;
    @Column(name = "email_digest_minutes")
    private int emailDigestMinutes;

    protected Workspace() {
    }

    public Workspace(UUID id, String name, String createdBy, Instant createdAt, ChatSettings settings) {
        this.id = id;
        this.name = name;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        settings(settings);
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public ChatSettings settings() {
        return new ChatSettings(messagingEnabled, contactButtonAfterBooking, readReceipts, typingIndicator,
                privateMessagingEnabled, defaultClientChannel, welcomeMessage, clientsSeeParticipants,
                historyVisibleToNewParticipants, attachmentMaxBytes, emailDigestMinutes);
    }

    public void settings(ChatSettings settings) {
        messagingEnabled = settings.messagingEnabled();
        contactButtonAfterBooking = settings.contactButtonAfterBooking();
        readReceipts = settings.readReceipts();
        typingIndicator = settings.typingIndicator();
        privateMessagingEnabled = settings.privateMessagingEnabled();
        defaultClientChannel = settings.defaultClientChannel();
        welcomeMessage = settings.welcomeMessage();
        clientsSeeParticipants = settings.clientsSeeParticipants();
        historyVisibleToNewParticipants = settings.historyVisibleToNewParticipants();
        attachmentMaxBytes = settings.attachmentMaxBytes();
        emailDigestMinutes = settings.emailDigestMinutes();
    }
}
