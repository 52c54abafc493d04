package dev.parley.announcement.service;

import dev.parley.announcement.Announcement;
import dev.parley.announcement.repository.AnnouncementRepository;
import dev.parley.announcement.repository.RecipientRepository;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessagesRead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

    /**
     * A poll's MessagePosted, in order: per announcement, its row lock is taken once (it serialises deliveries of one
     * announcement across partitions, so the last transaction sees all others and moves PUBLISHING to PUBLISHED), the
     * DIRECT deliveries are counted in one statement, and PUBLISHED is checked once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onMessagesPosted(List<MessagePosted> batch) {
        Map<UUID, List<MessagePosted>> byAnnouncement = new LinkedHashMap<>();
        for (MessagePosted posted : batch) {
            if (posted.announcementId() != null) {
                byAnnouncement.computeIfAbsent(posted.announcementId(), id -> new ArrayList<>()).add(posted);
            }
        }
        byAnnouncement.forEach(this::delivered);
    }

    private void delivered(UUID announcementId, List<MessagePosted> messages) {
        Optional<Announcement> announcement = announcements.lock(announcementId);
        if (announcement.isEmpty()) {
            return;
        }
        List<RecipientRepository.Delivery> direct = new ArrayList<>();
        for (MessagePosted posted : messages) {
            // an event is untrusted input: another workspace's event naming this announcement counts nothing
            if (!announcement.get().workspaceId().equals(posted.workspaceId())) {
                continue;
            }
            if ("ANNOUNCEMENT".equals(posted.conversationKind())) {
                List<String> visibleTo = posted.visibleTo() == null ? List.of() : posted.visibleTo();
                recipients.deliveredToUsers(announcementId, visibleTo, posted.conversationId(), posted.seq(),
                        posted.createdAt());
            } else if (posted.clientId() != null) {
                direct.add(new RecipientRepository.Delivery(posted.clientId(), posted.conversationId(), posted.seq(),
                        posted.createdAt()));
            }
        }
        recipients.deliveredToClients(announcementId, direct);
        announcements.markPublishedIfAllDelivered(announcementId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onMessagesRead(MessagesRead read) {
        recipients.read(read.workspaceId(), read.conversationId(), read.userId(), read.upToSeq(), read.readAt());
    }
}
