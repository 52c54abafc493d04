package dev.parley.notification.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Principal;
import dev.parley.common.outbox.Outbox;
import dev.parley.events.notification.EmailReplyReceived;
import dev.parley.notification.email.InboundEmail;
import dev.parley.notification.email.ReplyAddresses;
import dev.parley.notification.email.ReplyText;
import dev.parley.notification.email.ReplyToken;
import dev.parley.notification.Notification;
import dev.parley.notification.repository.NotificationRepository;
import dev.parley.notification.repository.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * An inbound reply to a notification email becomes EmailReplyReceived (through the outbox) only when every check
 * passes: a reply-to token this service signed and that has not expired; the person it names is still someone in
 * that workspace; the email comes from that person's address; they were notified of that conversation and may still read it ({@link RecipientAccess}); the reply
 * has text once quoted text and signature are stripped. Anything else is logged and nothing is published.
 */
@ApplicationScoped
public class ReplyService {
    private static final Logger LOG = Logger.getLogger(ReplyService.class);
    static final int MAX_BODY = 16_000;

    public enum Outcome { ACCEPTED, DUPLICATE, NO_REPLY_ADDRESS, INVALID_TOKEN, UNKNOWN_SENDER, NO_ACCESS, EMPTY }

    private final ReplyAddresses addresses;
    private final IdentityDirectory directory;
    private final NotificationRepository notifications;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final RecipientAccess access;

    public ReplyService(ReplyAddresses addresses, IdentityDirectory directory, NotificationRepository notifications,
                        Outbox outbox, EntityManager entityManager, RecipientAccess access) {
        this.access = access;
        this.addresses = addresses;
        this.directory = directory;
        this.notifications = notifications;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    @Transactional
    public Outcome receive(InboundEmail email) {
        Instant now = Instant.now();
        Optional<String> replyAddress = email.recipients().stream()
                .filter(r -> r.toLowerCase().startsWith("reply+")).findFirst();
        if (replyAddress.isEmpty()) {
            return reject(Outcome.NO_REPLY_ADDRESS, email, "no reply+ address among " + email.recipients());
        }
        Optional<ReplyToken.Claims> claims = replyAddress.flatMap(a -> email.recipients().stream()
                .map(r -> addresses.verify(r, now)).flatMap(Optional::stream).findFirst());
        if (claims.isEmpty()) {
            return reject(Outcome.INVALID_TOKEN, email, "forged, altered or expired reply token");
        }
        ReplyToken.Claims c = claims.get();
        String userId = c.userId().toString();
        Optional<Principal> person = directory.principal(c.workspaceId(), userId);
        if (person.isEmpty()) {
            return reject(Outcome.NO_ACCESS, email, "user " + userId + " is no longer in workspace " + c.workspaceId());
        }
        String registered = person.get() instanceof MemberPrincipal m ? m.email() : ((ClientPrincipal) person.get()).email();
        if (email.from() == null || registered == null || !registered.equalsIgnoreCase(email.from())) {
            return reject(Outcome.UNKNOWN_SENDER, email, "sender " + email.from() + " is not the address of user " + userId);
        }
        Optional<Notification> notified = notifications.find(
                "workspaceId = ?1 and userId = ?2 and conversationId = ?3 order by createdAt desc", c.workspaceId(),
                userId, c.conversationId()).firstResultOptional();
        if (notified.isEmpty()) {
            return reject(Outcome.NO_ACCESS, email, "user " + userId + " was never notified of conversation " + c.conversationId());
        }
        if (access.of(notified.get()) != RecipientAccess.Verdict.MAY_READ) {
            return reject(Outcome.NO_ACCESS, email, "user " + userId + " may no longer read conversation " + c.conversationId());
        }
        String body = ReplyText.strip(email.text());
        if (body.isEmpty()) {
            return reject(Outcome.EMPTY, email, "nothing left after stripping quotes and signature");
        }
        if (body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY);
        }
        int fresh = entityManager.createNativeQuery("""
                        insert into email_reply (message_id, workspace_id, conversation_id, user_id, received_at)
                        values (:id, :ws, :conversation, :user, :at) on conflict (message_id) do nothing""")
                .setParameter("id", email.messageId())
                .setParameter("ws", c.workspaceId())
                .setParameter("conversation", c.conversationId())
                .setParameter("user", userId)
                .setParameter("at", SqlTimes.utc(now))
                .executeUpdate();
        if (fresh == 0) {
            LOG.infof("reply %s by email was already received; ignored", email.messageId());
            return Outcome.DUPLICATE;
        }
        outbox.publish(c.conversationId().toString(), new EmailReplyReceived(c.workspaceId(), c.conversationId(),
                userId, body, email.messageId(), now));
        LOG.infof("reply %s by email from user %s to conversation %s accepted", email.messageId(), userId, c.conversationId());
        return Outcome.ACCEPTED;
    }

    private static Outcome reject(Outcome outcome, InboundEmail email, String why) {
        LOG.warnf("reply by email %s from %s rejected (%s): %s", email.messageId(), email.from(), outcome, why);
        return outcome;
    }
}
