package dev.parley.announcement.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Publishes scheduled announcements once they are due; safe with any number of instances (see publishDue).
 * No tick starts while the application starts or stops, and a running tick stops claiming once shutdown begins,
 * so it never reaches a closed EntityManagerFactory (what is not claimed stays due for the next instance).
 */
@ApplicationScoped
public class ScheduledPublisher {
    private static final int CLAIM = 10;

    private final AnnouncementService announcements;
    private volatile boolean stopping;

    public ScheduledPublisher(AnnouncementService announcements) {
        this.announcements = announcements;
    }

    @Scheduled(every = "${parley.announcement.schedule.poll-every}", delayed = "${parley.announcement.schedule.poll-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void publishDue() {
        while (!stopping && announcements.publishDue(CLAIM) == CLAIM) {
            // a full claim: more may be due
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
