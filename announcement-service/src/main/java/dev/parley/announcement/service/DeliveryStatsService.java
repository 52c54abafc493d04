package dev.parley.announcement.service;

import dev.parley.announcement.Announcement;
import dev.parley.announcement.repository.AnnouncementRepository;
import dev.parley.announcement.repository.RecipientRepository;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessagesRead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * Delivered and read per recipient, from the conversation service's events. Both updates only ever set a time
 * that is still empty, so a redelivered event (past the idempotent consumer's own check) changes nothing.
 */
@ApplicationScoped
public class DeliveryStatsService {
    private final AnnouncementRepository announcements;
    private final RecipientRepository recipients;

    public DeliveryStatsService(AnnouncementRepository announcements, RecipientRepository recipients) {
        this.announcements = announcements;
        this.recipients = recipients;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onMessagePosted(MessagePosted posted) {
        if (posted.announcementId() == null) {
            return;
        }
        // the announcement's row lock serialises deliveries of one announcement, so the last one sees all others
        // and moves PUBLISHING to PUBLISHED
        Optional<Announcement> announcement = announcements.lock(posted.announcementId());
        if (announcement.isEmpty() || !announcement.get().workspaceId().equals(posted.workspaceId())) {
            return;
        }
        if ("ANNOUNCEMENT".equals(posted.conversationKind())) {
            List<String> visibleTo = posted.visibleTo() == null ? List.of() : posted.visibleTo();
            recipients.deliveredToUsers(posted.announcementId(), visibleTo, posted.conversationId(), posted.seq(),
                    posted.createdAt());
        } else if (posted.clientId() != null) {
            recipients.deliveredToClient(posted.announcementId(), posted.clientId(), posted.conversationId(),
                    posted.seq(), posted.createdAt());
        }
        announcements.markPublishedIfAllDelivered(posted.announcementId());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onMessagesRead(MessagesRead read) {
        recipients.read(read.workspaceId(), read.conversationId(), read.userId(), read.upToSeq(), read.readAt());
    }
}
