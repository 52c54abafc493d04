package dev.parley.announcement.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes scheduled announcements once they are due; safe with any number of instances (see publishDue). */
@ApplicationScoped
public class ScheduledPublisher {
    private static final int CLAIM = 10;

    private final AnnouncementService announcements;

    public ScheduledPublisher(AnnouncementService announcements) {
        this.announcements = announcements;
    }

    @Scheduled(every = "${parley.announcement.schedule.poll-every}", delayed = "${parley.announcement.schedule.poll-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishDue() {
        while (announcements.publishDue(CLAIM) == CLAIM) {
            // a full claim: more may be due
        }
    }
}
