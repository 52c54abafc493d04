package dev.parley.notification.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Principal;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.notification.Notification;
import dev.parley.notification.config.NotificationConfig;
import dev.parley.notification.email.ReplyAddresses;
import dev.parley.notification.repository.DigestRepository;
import dev.parley.notification.repository.NotificationRepository;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The unread email digest (DESIGN section 3): at most one email per person per emailDigestMinutes, listing each
 * conversation with notifications that are still unread and that no earlier digest dealt with.
 *
 * <p>Several instances: each digest is claimed with SELECT … FOR UPDATE SKIP LOCKED and sent while that row lock is
 * held; the notifications are marked digested and the sending recorded in the same transaction, so a digest is
 * sent by one instance and its notifications never appear in a later one. If the commit failed after the SMTP
 * server accepted the mail, the digest would go again on the next run: at least once, never silently lost.
 */
@ApplicationScoped
public class DigestService {
    private static final Logger LOG = Logger.getLogger(DigestService.class);
    static final int MESSAGES_PER_CONVERSATION = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final DigestRepository digests;
    private final NotificationRepository notifications;
    private final PreferenceService preferences;
    private final IdentityDirectory directory;
    private final NotificationConfig config;
    private final Mailer mailer;
    private final Template text;
    private final Template html;
    private final ReplyAddresses replyAddresses;
    private final RecipientAccess access;

    public DigestService(DigestRepository digests, NotificationRepository notifications, PreferenceService preferences,
                         IdentityDirectory directory, NotificationConfig config, Mailer mailer,
                         @Location("digest.txt") Template text, @Location("digest.html") Template html,
                         ReplyAddresses replyAddresses, RecipientAccess access) {
        this.digests = digests;
        this.notifications = notifications;
        this.preferences = preferences;
        this.directory = directory;
        this.config = config;
        this.mailer = mailer;
        this.text = text;
        this.html = html;
        this.replyAddresses = replyAddresses;
        this.access = access;
    }

    /** A notification arrived: the person's digest goes one period from now unless one is already pending. */
    public void schedule(UUID workspaceId, String userId, Instant now) {
        digests.scheduleIfIdle(workspaceId, userId, now.plus(period(workspaceId)));
    }

    Duration period(UUID workspaceId) {
        int minutes = directory.workspace(workspaceId).map(WorkspaceSettings::emailDigestMinutes)
                .filter(m -> m > 0).orElse(config.digest().defaultMinutes());
        return Duration.ofSeconds((long) minutes * config.digest().secondsPerMinute());
    }

    @Scheduled(identity = "email-digests", every = "${parley.notification.digest.poll-every}",
            delayed = "${parley.notification.digest.poll-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sendDue() {
        for (int i = 0; i < config.digest().batchSize(); i++) {
            AtomicReference<DigestRepository.DueDigest> claimed = new AtomicReference<>();
            try {
                if (!QuarkusTransaction.requiringNew().call(() -> sendOneDue(claimed))) {
                    return;
                }
            } catch (RuntimeException e) {
                // the transaction rolled back: nothing was marked, the digest stays due, tried again a little later
                // so that the ones behind it go now
                DigestRepository.DueDigest failed = claimed.get();
                LOG.errorf(e, "sending the digest of %s failed; tried again in %s", failed, config.digest().retryAfter());
                if (failed == null) {
                    return;
                }
                try {
                    QuarkusTransaction.requiringNew().run(() -> digests.postpone(failed.workspaceId(), failed.userId(),
                            Instant.now().plus(config.digest().retryAfter())));
                } catch (RuntimeException postponing) {
                    LOG.errorf(postponing, "postponing the digest of %s failed; the next run tries again", failed);
                    return;
                }
            }
        }
    }

    /** Claims and sends one due digest in the caller's transaction; false when none is due. */
    boolean sendOneDue(AtomicReference<DigestRepository.DueDigest> claimedDigest) {
        Instant now = Instant.now();
        Optional<DigestRepository.DueDigest> claimed = digests.claimOneDue(now);
        if (claimed.isEmpty()) {
            return false;
        }
        claimedDigest.set(claimed.get());
        UUID ws = claimed.get().workspaceId();
        String userId = claimed.get().userId();
        List<Notification> unread = notifications.undigestedUnread(ws, userId);
        List<UUID> dealtWith = unread.stream().map(Notification::id).toList();

        Optional<Principal> person = directory.principal(ws, userId);
        String to = person.map(DigestService::email).orElse(null);
        PreferenceService.Preferences prefs = preferences.of(ws, userId);
        // asked now, not when the notifications were made: a mute or a loss of access since then holds them back
        Map<UUID, Boolean> readable = new HashMap<>();
        List<Notification> toSend = unread.stream()
                .filter(n -> !prefs.muted(n.conversationId()))
                .filter(n -> readable.computeIfAbsent(n.conversationId(),
                        c -> access.of(n) == RecipientAccess.Verdict.MAY_READ))
                .toList();

        if (person.isEmpty() || to == null || to.isBlank() || !prefs.wantsEmail() || toSend.isEmpty()) {
            // nobody there any more (removed, deleted), no address, email off, everything muted or no longer
            // readable: nothing goes, and these notifications are never emailed later either
            LOG.debugf("digest for %s in %s: nothing to send (%d unread)", userId, ws, unread.size());
            notifications.markDigested(dealtWith, now);
            digests.done(ws, userId, null);
            return true;
        }

        WorkspaceSettings workspace = directory.workspace(ws).orElse(null);
        String workspaceName = workspace == null ? "Parley" : workspace.name();
        DigestView view = view(ws, person.get(), workspaceName, toSend);
        Mail mail = Mail.withText(to, subject(view), text.data("digest", view).render())
                .setHtml(html.data("digest", view).render())
                .setFrom(from(workspaceName));
        replyAddresses.forConversation(ws, userId, view.conversations().get(0).conversationId()).ifPresent(mail::setReplyTo);
        mailer.send(mail);

        notifications.markDigested(dealtWith, now);
        digests.recordSent(ws, userId, to, view.conversations().size(), toSend.size(), now);
        digests.done(ws, userId, now);
        LOG.infof("digest sent to %s in %s: %d conversations, %d messages", userId, ws, view.conversations().size(),
                toSend.size());
        return true;
    }

    private DigestView view(UUID ws, Principal person, String workspaceName, List<Notification> toSend) {
        Map<UUID, List<Notification>> byConversation = new LinkedHashMap<>();
        toSend.stream()
                .sorted(Comparator.comparing(Notification::createdAt).reversed())
                .forEach(n -> byConversation.computeIfAbsent(n.conversationId(), c -> new ArrayList<>()).add(n));
        List<ConversationSection> sections = new ArrayList<>();
        byConversation.forEach((conversationId, items) -> {
            List<MessageLine> newest = items.stream().limit(MESSAGES_PER_CONVERSATION)
                    .sorted(Comparator.comparing(Notification::createdAt))
                    .map(n -> new MessageLine(n.senderName() == null ? "Someone" : n.senderName(), n.preview(),
                            TIME.format(n.createdAt())))
                    .toList();
            Notification first = items.get(0);
            sections.add(new ConversationSection(conversationId, title(ws, person, workspaceName, first), items.size(),
                    newest, link(ws, conversationId), replyAddresses.mailto(ws, person.userId(), conversationId).orElse(null)));
        });
        return new DigestView(workspaceName, person.displayName(), toSend.size(), sections,
                config.appUrl() + "/workspaces/" + ws + "/notifications");
    }

    private String title(UUID ws, Principal person, String workspaceName, Notification n) {
        String kind = n.conversationKind() == null ? "" : n.conversationKind();
        if (person instanceof ClientPrincipal && ("CLIENT".equals(kind) || "PRIVATE".equals(kind))) {
            return "PRIVATE".equals(kind) ? "Private messages with " + workspaceName : "Your chat with " + workspaceName;
        }
        String client = n.clientId() == null ? null
                : directory.client(ws, n.clientId()).map(ClientPrincipal::displayName).orElse(null);
        return switch (kind) {
            case "CLIENT" -> client == null ? "Client chat" : "Chat with " + client;
            case "PRIVATE" -> client == null ? "Private feed" : "Private feed of " + client;
            case "ORGANISATION" -> "Organisation chat";
            case "GROUP" -> "Group room";
            case "INTERNAL" -> "Team room";
            case "ANNOUNCEMENT" -> "Announcements";
            default -> "Conversation";
        };
    }

    private String link(UUID ws, UUID conversationId) {
        return config.appUrl() + "/workspaces/" + ws + "/conversations/" + conversationId;
    }

    static String subject(DigestView view) {
        return view.unreadCount() == 1
                ? "1 unread message in " + view.workspaceName()
                : view.unreadCount() + " unread messages in " + view.workspaceName();
    }

    /** The workspace's name as the sender's display name, quoted so commas or angle brackets cannot break it. */
    String from(String workspaceName) {
        String name = workspaceName.replaceAll("[\"\\\\\\r\\n<>]", "").strip();
        return "\"" + (name.isEmpty() ? "Parley" : name) + "\" <" + config.email().fromAddress() + ">";
    }

    private static String email(Principal principal) {
        if (principal instanceof MemberPrincipal member) {
            return member.email();
        }
        return ((ClientPrincipal) principal).email();
    }

    @TemplateData
    public record DigestView(String workspaceName, String recipientName, int unreadCount,
                             List<ConversationSection> conversations, String inboxLink) {
    }

    @TemplateData
    public record ConversationSection(UUID conversationId, String title, int unreadCount, List<MessageLine> messages,
                                      String link, String replyMailto) {
    }

    @TemplateData
    public record MessageLine(String sender, String preview, String at) {
    }
}
