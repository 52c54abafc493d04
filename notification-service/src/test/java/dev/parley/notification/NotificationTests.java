package dev.parley.notification;

import dev.parley.events.Topics;

/** What every test class of this module shares in its annotations. */
final class NotificationTests {
    /** The test consumer group (application.properties, %test), before the run's parley.test-suffix. */
    static final String GROUP = "notification-service-test";
    /** Every topic this service consumes. */
    static final String TOPICS = Topics.IDENTITY + "," + Topics.MESSAGES + "," + Topics.CONVERSATIONS;

    private NotificationTests() {
    }
}
