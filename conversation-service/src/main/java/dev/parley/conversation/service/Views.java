package dev.parley.conversation.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.conversation.Message;
import dev.parley.conversation.MessageAttachment;
import dev.parley.conversation.Participant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of DESIGN section 9 this service answers with (absent fields are omitted, not null). */
public final class Views {
    private Views() {
    }

    public record Sender(String userId, String type, String displayName) {
    }

    public record Edit(String body, Instant replacedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(UUID id, UUID conversationId, long seq, String kind, Sender sender, String body,
                              List<MessageAttachment> attachments, boolean highlighted, String clientMessageId,
                              UUID announcementId, Instant createdAt, Instant editedAt, boolean deleted,
                              Instant deletedAt, List<Edit> edits) {

        public static MessageView of(Message m) {
            return of(m, null);
        }

        public static MessageView of(Message m, List<Edit> edits) {
            return new MessageView(m.id(), m.conversationId(), m.seq(), m.kind().name(),
                    new Sender(m.senderUserId(), m.senderType(), m.senderDisplayName()), m.body(), m.attachments(),
                    m.highlighted(), m.clientMessageId(), m.announcementId(), m.createdAt(), m.editedAt(), m.deleted(),
                    m.deletedAt(), edits);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConversationView(UUID id, String kind, String name, UUID clientId, UUID organisationId,
                                   Instant createdAt, MessageView lastMessage, long lastSeq, long unreadCount,
                                   boolean muted, boolean archived, boolean canWrite) {
    }

    public record ParticipantView(String userId, String type, String role, String access, String displayName,
                                  Instant joinedAt) {
        public static ParticipantView of(Participant p) {
            return new ParticipantView(p.userId(), p.type().name(), p.role().name(), p.access().name(), p.displayName(),
                    p.joinedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page<T>(List<T> items, String nextCursor) {
    }

    public record History(List<MessageView> items, boolean hasMore) {
    }

    /** A post's answer: the message, and whether this request created it (201) or found it (200, a retry). */
    public record Posted(MessageView message, boolean created) {
    }

    public record Reader(String userId, String displayName, long lastReadSeq) {
    }

    /** Members see who read how far; clients only how far the team has read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Receipts(List<Reader> readers, Long teamLastReadSeq) {
    }

    public record UnreadConversation(UUID conversationId, long unreadCount) {
    }

    public record Unread(long total, List<UnreadConversation> conversations) {
    }
}
