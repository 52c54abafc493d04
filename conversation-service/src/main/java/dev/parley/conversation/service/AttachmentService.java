package dev.parley.conversation.service;

import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.problem.ProblemCode;
import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.Attachment;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.Ids;
import dev.parley.conversation.Message;
import dev.parley.conversation.MessageAttachment;
import dev.parley.conversation.repository.AttachmentRepository;
import dev.parley.conversation.repository.AttachmentStore;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.conversation.AttachmentRef;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Attachments: upload (type from the content, the workspace's size limit), taking them into a message at post
 * time (or into an announcement, all of whose messages list them), download for those who may read such a message,
 * and removal with their message (an announcement's with the last of its messages), with a deleted client, or a
 * day after an upload no message took.
 */
@ApplicationScoped
public class AttachmentService {
    private static final Logger LOG = Logger.getLogger(AttachmentService.class);
    public static final int MAX_PER_MESSAGE = 10;
    /** DESIGN section 3's default, for a workspace whose settings carry no limit. */
    public static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;
    public static final Duration UNATTACHED_LIFETIME = Duration.ofDays(1);

    private final AttachmentRepository attachments;
    private final AttachmentStore store;
    private final ConversationAccess access;
    private final ConversationRepository conversations;
    private final MessageRepository messages;

    public AttachmentService(AttachmentRepository attachments, AttachmentStore store, ConversationAccess access,
                             ConversationRepository conversations, MessageRepository messages) {
        this.attachments = attachments;
        this.store = store;
        this.access = access;
        this.conversations = conversations;
        this.messages = messages;
    }

    /**
     * Stores an upload (spooled to {@code file} by the HTTP layer) for the caller. The size is enforced twice: from
     * the spooled file up front (nothing is written for an oversized file), and again on the bytes as they stream
     * into the store (the limit holds whatever the request declared); either way 413 and nothing stored.
     */
    @Transactional
    public MessageAttachment upload(Caller caller, String fileName, Path file) {
        if (!caller.settings().messagingEnabled()) {
            throw new ProblemException(ProblemCode.MESSAGING_DISABLED, "messaging is turned off in this workspace");
        }
        long max = maxBytes(caller);
        if (size(file) > max) {
            throw tooLarge(max);
        }
        String type = ContentTypes.acceptable(file, fileName).orElseThrow(() -> new ProblemException(
                ProblemCode.UNSUPPORTED_MEDIA_TYPE, "file: images, documents, text, audio and video only (detected "
                + ContentTypes.detect(file, fileName) + ")"));
        Attachment attachment = new Attachment(Ids.newId(), caller.workspaceId(), caller.userId(),
                FileNames.safe(fileName), type, MessageService.now());
        attachments.persist(attachment);
        attachments.flush(); // the chunks reference the row
        try (InputStream content = new Limited(Files.newInputStream(file), max)) {
            attachment.stored(store.put(attachment.id(), content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return attachment.describe();
    }

    /**
     * The sender's own uploads a post takes (at most 10, each once), locked until the post commits. Someone else's
     * upload or another workspace's is 404 (it is not theirs to see); one already in a message is 409.
     */
    public List<Attachment> claim(UUID workspaceId, String uploaderUserId, List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MAX_PER_MESSAGE) {
            throw ProblemException.invalid("attachmentIds", "at most " + MAX_PER_MESSAGE + " per message");
        }
        if (ids.contains(null) || new HashSet<>(ids).size() != ids.size()) {
            throw ProblemException.invalid("attachmentIds", "each attachment once");
        }
        Map<UUID, Attachment> mine = attachments.lockUploads(workspaceId, uploaderUserId, ids).stream()
                .collect(Collectors.toMap(Attachment::id, Function.identity()));
        List<Attachment> claimed = new ArrayList<>();
        for (UUID id : ids) {
            Attachment attachment = mine.get(id);
            if (attachment == null) {
                throw ProblemException.notFound("attachment " + id);
            }
            if (attachment.attached()) {
                throw ProblemException.conflict("attachment " + id + " is already in a message");
            }
            claimed.add(attachment);
        }
        return claimed;
    }

    /**
     * The author's uploads an announcement names become the announcement's: each of its messages lists them, and
     * whoever may read one of those messages may download them. Every batch of the announcement asks again and gets
     * the same files. An id that is not one of the author's uploads in the workspace, or that a message or another
     * announcement took, is left out (logged): the announcement service cannot check uploads when it accepts them.
     */
    public List<MessageAttachment> takeForAnnouncement(UUID workspaceId, String authorUserId, UUID announcementId,
                                                       List<UUID> ids) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Attachment> uploads = attachments.lockUploads(workspaceId, authorUserId, ids).stream()
                .collect(Collectors.toMap(Attachment::id, Function.identity()));
        List<MessageAttachment> taken = new ArrayList<>();
        for (UUID id : ids.stream().distinct().limit(MAX_PER_MESSAGE).toList()) {
            Attachment attachment = uploads.get(id);
            if (attachment != null && !attachment.attached()) {
                attachment.attachTo(announcementId);
            }
            if (attachment != null && announcementId.equals(attachment.announcementId())) {
                taken.add(attachment.describe());
            } else {
                LOG.warnf("announcement %s: attachment %s is not an unused upload of its author; left out",
                        announcementId, id);
            }
        }
        return taken;
    }

    /** What a message records of what it took (and MessagePosted carries). */
    public static List<MessageAttachment> describe(List<Attachment> claimed) {
        return claimed.stream().map(Attachment::describe).toList();
    }

    /** MessagePosted's attachments. */
    public static List<AttachmentRef> refs(Message message) {
        return message.attachments().stream().map(MessageAttachment::ref).toList();
    }

    /**
     * Ties the claimed uploads to the message just stored, and records what it lists (claimed or an announcement's)
     * on its row (the post's insert leaves that column out, so a post without attachments pays nothing for them).
     */
    public void link(List<Attachment> claimed, Message message) {
        claimed.forEach(a -> a.attachTo(message));
        listOn(List.of(message.id()), message.attachments());
    }

    /** Records the attachments that each of {@code messageIds} lists (an announcement's on all its messages). */
    public void listOn(List<UUID> messageIds, List<MessageAttachment> listed) {
        if (!listed.isEmpty()) {
            attachments.describeOnMessages(messageIds, listed);
        }
    }

    /** An attachment's description and its bytes (read lazily, after the access check). */
    public record Download(MessageAttachment attachment, InputStream content) {
    }

    /**
     * For whoever may read the message it is in, and for its uploader while no message has taken it; 404 for
     * everyone else (as for a message they may not see), for a deleted message's files and for other workspaces.
     */
    @Transactional
    public Download download(Caller caller, UUID id) {
        Attachment attachment = attachments.findInWorkspace(caller.workspaceId(), id)
                .orElseThrow(() -> ProblemException.notFound("attachment"));
        if (!attachment.attached()) {
            if (!attachment.uploaderUserId().equals(caller.userId())) {
                throw ProblemException.notFound("attachment");
            }
        } else if (attachment.announcementId() != null) {
            if (!attachment.uploaderUserId().equals(caller.userId()) && !readsAMessageOf(caller, attachment)) {
                throw ProblemException.notFound("attachment");
            }
        } else {
            ConversationAccess.Seen seen = access.readable(caller, attachment.conversationId());
            Message message = messages.findById(attachment.messageId());
            if (message == null || message.deleted() || message.seq() <= seen.hiddenUpToSeq()) {
                throw ProblemException.notFound("attachment");
            }
        }
        return new Download(attachment.describe(), store.open(id));
    }

    /** Whether the caller may read one of the (not deleted) messages of the attachment's announcement. */
    private boolean readsAMessageOf(Caller caller, Attachment attachment) {
        UUID memberId = caller.principal() instanceof MemberPrincipal member ? member.memberId() : null;
        for (AttachmentRepository.Placed placed : attachments.placesToCheck(attachment.announcementId(),
                caller.userId(), memberId)) {
            try {
                if (placed.seq() > access.readable(caller, placed.conversationId()).hiddenUpToSeq()) {
                    return true;
                }
            } catch (ProblemException notReadable) {
                // not this one: try the next
            }
        }
        return false;
    }

    /**
     * A message became a tombstone: its files go (inside the deletion's transaction). An announcement's files go
     * with the last of its messages still shown.
     */
    public void messageDeleted(Message message) {
        remove(attachments.ofMessage(message.id()));
        if (message.announcementId() != null
                && !attachments.announcementShownElsewhere(message.announcementId(), message.id())) {
            remove(attachments.ofAnnouncement(message.announcementId()));
        }
    }

    /**
     * A client account was deleted: everything they uploaded (attached anywhere or not) and every file in their
     * CLIENT and PRIVATE conversations, which go with them. Called before those conversations are deleted.
     */
    public void clientDeleted(UUID workspaceId, UUID clientId, String userId) {
        List<UUID> theirs = new ArrayList<>();
        for (ConversationKind kind : List.of(ConversationKind.CLIENT, ConversationKind.PRIVATE)) {
            conversations.findOfClient(workspaceId, kind, clientId).ifPresent(c -> theirs.add(c.id()));
        }
        remove(attachments.ofClient(workspaceId, userId, theirs));
    }

    /**
     * Uploads no message took within a day are removed, and an announcement's files once none of its messages is
     * shown (hourly, in batches; see the README).
     */
    @Scheduled(every = "${parley.attachments.sweep-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepUnused() {
        int removed;
        do {
            removed = sweepUnused(Instant.now().minus(UNATTACHED_LIFETIME));
        } while (removed > 0);
    }

    /** One batch of the sweep (unattached uploads: those created before {@code cutoff}); returns how many went. */
    @Transactional
    public int sweepUnused(Instant cutoff) {
        List<Attachment> stale = attachments.unusedBefore(cutoff, 100);
        remove(stale);
        if (!stale.isEmpty()) {
            LOG.infof("removed %d unused uploads", stale.size());
        }
        return stale.size();
    }

    private void remove(List<Attachment> gone) {
        for (Attachment attachment : gone) {
            store.delete(attachment.id());
            attachments.delete(attachment);
        }
    }

    private static long maxBytes(Caller caller) {
        long max = caller.settings().attachmentMaxBytes();
        return max > 0 ? max : DEFAULT_MAX_BYTES;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException tooLarge(long max) {
        return new ProblemException(ProblemCode.TOO_LARGE, "file: at most " + max + " bytes in this workspace");
    }

    /** Counts the bytes as they pass and fails (413) as soon as there is one more than the limit. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > max) {
                throw tooLarge(max);
            }
        }
    }
}
