package dev.parley.events;

/** The Kafka topics of DESIGN section 4. Keys are the aggregate's id (the conversation id for conversation and message events). */
public final class Topics {
    public static final String IDENTITY = "parley.identity.v1";
    public static final String CONVERSATIONS = "parley.conversations.v1";
    public static final String MESSAGES = "parley.messages.v1";
    public static final String ANNOUNCEMENTS = "parley.announcements.v1";
    public static final String NOTIFICATIONS = "parley.notifications.v1";
    /** Short retention: typing indicators and other signals nobody needs to replay. */
    public static final String EPHEMERAL = "parley.ephemeral.v1";

    private Topics() {
    }
}
