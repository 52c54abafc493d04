package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The body a message had before an edit (members see a message's edit history). */
@Entity
@Table(name = "message_edit")
public class MessageEdit {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "message_id", nullable = false)
    private UUID messageId;
    @Column(length = 16000)
    private String body;
    @Column(name = "replaced_at", nullable = false)
    private Instant replacedAt;

    protected MessageEdit() {
    }

    public MessageEdit(UUID messageId, String body, Instant replacedAt) {
        this.messageId = messageId;
        this.body = body;
        this.replacedAt = replacedAt;
    }

    public String body() {
        return body;
    }

    public Instant replacedAt() {
        return replacedAt;
    }
}
