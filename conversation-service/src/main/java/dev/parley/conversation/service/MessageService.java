package dev.parley.conversation.service;

import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.common.outbox.Outbox;
import dev.parley.common.problem.ProblemCode;
import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.AccessPolicy;
import dev.parley.conversation.Attachment;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.Ids;
import dev.parley.conversation.Message;
import dev.parley.conversation.MessageAttachment;
import dev.parley.conversation.MessageEdit;
import dev.parley.conversation.MessageKind;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.conversation.MessageDeleted;
import dev.parley.events.conversation.MessageEdited;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Posting, history, editing and deleting messages. */
@ApplicationScoped
public class MessageService {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MessageService.class);
    public static final int MAX_CLIENT_MESSAGE_ID = 200;

    private final ConversationAccess access;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final Outbox outbox;
    private final AttachmentService attachments;
    private final int maxBodyChars;

    public MessageService(ConversationAccess access, ConversationRepository conversations, MessageRepository messages,
                          Outbox outbox, AttachmentService attachments,
                          @ConfigProperty(name = "parley.messages.max-body-chars", defaultValue = "16000") int maxBodyChars) {
        this.access = access;
        this.conversations = conversations;
        this.messages = messages;
        this.outbox = outbox;
        this.attachments = attachments;
        this.maxBodyChars = maxBodyChars;
    }

    /** What a sender asks to post. */
    public record NewMessage(String body, List<UUID> attachmentIds, String clientMessageId) {
    }

    /**
     * Posts as the caller. A retry with the same clientMessageId (from the same sender, in the same conversation)
     * returns the original. The conversation row is locked before the retry check and the seq is taken, so
     * concurrent identical posts store one message and seqs have no gap.
     */
    @Transactional
    public Views.Posted post(Caller caller, UUID conversationId, NewMessage request) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        requireWritable(AccessPolicy.write(seen.context()));
        String body = validBody(request.body());
        String clientMessageId = request.clientMessageId();
        if (clientMessageId != null && (clientMessageId.isBlank() || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID)) {
            throw ProblemException.invalid("clientMessageId", "must be 1 to " + MAX_CLIENT_MESSAGE_ID + " characters");
        }
        return postChecked(caller, seen, body, clientMessageId, request.attachmentIds());
    }

    /** What became of an email reply. */
    public enum EmailReplyOutcome {
        POSTED, ALREADY_POSTED, DROPPED
    }

    /**
     * Posts an email reply (EmailReplyReceived) as its sender, inside the consumer's transaction. The notification
     * service checked the token and access when the mail arrived; access is asked again here, as it is now: someone
     * who lost it, or a workspace with messaging off, gets nothing posted (logged, not retried: the reply is stale,
     * not broken). The email's Message-ID becomes the clientMessageId, so a second event for the same mail (another
     * event id) returns the original instead of posting again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EmailReplyOutcome postEmailReply(UUID workspaceId, UUID conversationId, String userId, String body,
                                            String emailMessageId) {
        Optional<ConversationAccess.Acting> acting = access.seenBy(workspaceId, userId, conversationId);
        if (acting.isEmpty()) {
            LOG.infof("email reply %s dropped: %s or conversation %s not in workspace %s", emailMessageId, userId,
                    conversationId, workspaceId);
            return EmailReplyOutcome.DROPPED;
        }
        Caller caller = acting.get().caller();
        ConversationAccess.Seen seen = acting.get().seen();
        AccessPolicy.WriteDecision decision = AccessPolicy.write(seen.context());
        if (decision != AccessPolicy.WriteDecision.ALLOWED) {
            LOG.infof("email reply %s dropped: %s may not write in %s now (%s)", emailMessageId, userId, conversationId,
                    decision);
            return EmailReplyOutcome.DROPPED;
        }
        if (body == null || body.isBlank()) {
            LOG.infof("email reply %s dropped: nothing left after stripping quotes", emailMessageId);
            return EmailReplyOutcome.DROPPED;
        }
        // a reply longer than a message may be is cut rather than lost
        String text = body.length() > maxBodyChars ? body.substring(0, maxBodyChars) : body;
        Views.Posted posted = postChecked(caller, seen, text, emailClientMessageId(emailMessageId), null);
        return posted.created() ? EmailReplyOutcome.POSTED : EmailReplyOutcome.ALREADY_POSTED;
    }

    /**
     * "email:" + the Message-ID, or, when that would not fit the 200 characters of clientMessageId, "email:sha256:"
     * + its hex SHA-256 (Message-IDs are unbounded in RFC 5322; a hash keeps long ones distinct).
     */
    public static String emailClientMessageId(String emailMessageId) {
        String plain = "email:" + emailMessageId;
        if (plain.length() <= MAX_CLIENT_MESSAGE_ID) {
            return plain;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(emailMessageId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "email:sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private Views.Posted postChecked(Caller caller, ConversationAccess.Seen seen, String body, String clientMessageId,
                                     List<UUID> attachmentIds) {
        // who may see it does not depend on the seq: worked out before the lock, to keep the locked part short
        List<String> visibleTo = access.visibleTo(seen.conversation(), caller.settings());
        Appended appended = append(seen.conversation(), visibleTo, MessageKind.TEXT, caller.userId(),
                caller.type().name(), caller.principal().displayName(), body, false, clientMessageId, null, attachmentIds,
                List.of());
        return new Views.Posted(Views.MessageView.of(appended.message()), appended.created());
    }

    /** A message and whether this call stored it (false: its clientMessageId was posted before). */
    private record Appended(Message message, boolean created) {
    }

    /**
     * Appends a message to a conversation: takes the conversation's lock and the next seq, stores the message (read
     * by its sender, the conversation back from everyone's archive) and records MessagePosted in the outbox. With a
     * clientMessageId already posted by the same sender, returns that message instead.
     */
    public Message append(Conversation conversation, WorkspaceSettings settings, MessageKind kind, String senderUserId,
                          String senderType, String senderDisplayName, String body, boolean highlighted,
                          String clientMessageId, UUID announcementId, List<MessageAttachment> shared) {
        return append(conversation, access.visibleTo(conversation, settings), kind, senderUserId, senderType,
                senderDisplayName, body, highlighted, clientMessageId, announcementId, null, shared).message();
    }

    private Appended append(Conversation conversation, List<String> visibleTo, MessageKind kind, String senderUserId,
                            String senderType, String senderDisplayName, String body, boolean highlighted,
                            String clientMessageId, UUID announcementId, List<UUID> attachmentIds,
                            List<MessageAttachment> shared) {
        long lastSeq = conversations.lockLastSeq(conversation.id());
        if (clientMessageId != null) {
            // checked under the lock: a retry, or an identical post that committed while this one waited for it.
            // (No unlocked check first: retries are rare, and it would cost every post a round trip.)
            Optional<Message> original = messages.findByClientMessageId(conversation.id(), senderUserId, clientMessageId);
            if (original.isPresent()) {
                return new Appended(original.get(), false);
            }
        }
        List<Attachment> files = attachments.claim(conversation.workspaceId(), senderUserId, attachmentIds);
        List<MessageAttachment> listed = files.isEmpty() ? shared : AttachmentService.describe(files);
        Instant now = now();
        long seq = lastSeq + 1;
        Message message = new Message(Ids.newId(), conversation.id(), seq, kind, senderUserId, senderType,
                senderDisplayName, body, highlighted, clientMessageId, announcementId, now, listed);
        messages.append(message);
        attachments.link(files, message);
        conversation.advancedTo(seq, now);
        outbox.publish(conversation.id().toString(), new MessagePosted(conversation.workspaceId(), conversation.id(),
                conversation.kind().name(), conversation.clientId(), message.id(), seq, kind.name(),
                new MessageSender(senderUserId, senderType, senderDisplayName), body, AttachmentService.refs(message), highlighted,
                clientMessageId, announcementId, now, visibleTo));
        return new Appended(message, true);
    }

    /** Keyset history by seq, oldest first within the page. */
    @Transactional
    public Views.History history(Caller caller, UUID conversationId, Long before, Long after, Integer limit) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 100) {
            throw ProblemException.invalid("limit", "must be between 1 and 100");
        }
        if (before != null && before < 1) {
            throw ProblemException.invalid("before", "must be a seq (1 or more)");
        }
        if (after != null && after < 0) {
            throw ProblemException.invalid("after", "must be a seq (0 or more)");
        }
        List<Message> rows = messages.page(conversationId, seen.hiddenUpToSeq(), before, after, size);
        boolean hasMore = rows.size() > size;
        List<Message> page = new ArrayList<>(hasMore ? rows.subList(0, size) : rows);
        if (after == null) {
            Collections.reverse(page);
        }
        boolean member = !caller.client();
        return new Views.History(page.stream()
                .map(m -> member && m.editedAt() != null ? Views.MessageView.of(m, edits(m)) : Views.MessageView.of(m))
                .toList(), hasMore);
    }

    @Transactional
    public Views.MessageView edit(Caller caller, UUID conversationId, UUID messageId, String newBody) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        Message message = visibleMessage(seen, messageId);
        boolean author = caller.userId().equals(message.senderUserId());
        requireWritable(AccessPolicy.edit(seen.context(), author));
        if (message.deleted()) {
            throw ProblemException.conflict("a deleted message cannot be edited");
        }
        String body = validBody(newBody);
        Instant now = now();
        messages.recordEdit(new MessageEdit(message.id(), message.body(), now));
        message.edit(body, now);
        Conversation conversation = seen.conversation();
        outbox.publish(conversationId.toString(), new MessageEdited(conversation.workspaceId(), conversationId,
                conversation.kind().name(), message.id(), message.seq(), body, caller.userId(), now,
                access.visibleTo(conversation, caller.settings())));
        return Views.MessageView.of(message, caller.client() ? null : edits(message));
    }

    /** Leaves a tombstone. Deleting twice is fine (nothing changes the second time). */
    @Transactional
    public void delete(Caller caller, UUID conversationId, UUID messageId) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        Message message = visibleMessage(seen, messageId);
        boolean author = caller.userId().equals(message.senderUserId());
        if (!AccessPolicy.canDeleteMessage(seen.context(), author)) {
            throw ProblemException.forbidden("only the author or a member with chats.reply deletes a message");
        }
        if (message.deleted()) {
            return;
        }
        Instant now = now();
        message.delete(now);
        attachments.messageDeleted(message);
        Conversation conversation = seen.conversation();
        outbox.publish(conversationId.toString(), new MessageDeleted(conversation.workspaceId(), conversationId,
                conversation.kind().name(), message.id(), message.seq(), caller.userId(), now,
                access.visibleTo(conversation, caller.settings())));
    }

    private Message visibleMessage(ConversationAccess.Seen seen, UUID messageId) {
        return messages.findInConversation(seen.conversation().id(), messageId)
                .filter(m -> m.seq() > seen.hiddenUpToSeq())
                .orElseThrow(() -> ProblemException.notFound("message"));
    }

    private List<Views.Edit> edits(Message message) {
        return messages.edits(message.id()).stream().map(e -> new Views.Edit(e.body(), e.replacedAt())).toList();
    }

    private String validBody(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("body", "must not be blank");
        }
        if (body.length() > maxBodyChars) {
            throw new ProblemException(ProblemCode.TOO_LARGE, "body: at most " + maxBodyChars + " characters",
                    List.of(new dev.parley.common.problem.Problem.FieldError("body", "at most " + maxBodyChars + " characters")));
        }
        return body;
    }

    static void requireWritable(AccessPolicy.WriteDecision decision) {
        switch (decision) {
            case ALLOWED -> {
            }
            case NOT_VISIBLE -> throw ProblemException.notFound("conversation");
            case MESSAGING_DISABLED -> throw new ProblemException(ProblemCode.MESSAGING_DISABLED,
                    "messaging is turned off in this workspace; history stays readable");
            case READ_ONLY -> throw ProblemException.forbidden("you cannot write in this conversation");
        }
    }

    /** Microsecond precision, as PostgreSQL stores it, so what is returned equals what is read back. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
