package dev.parley.common.testing;

import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.ParleyEvent;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Events as an attacker with access to a topic would write them: each consumer must treat their data as untrusted.
 * An event whose data names another workspace than its envelope ({@code ce_workspaceid}) is poison and goes to the
 * consumer's dead-letter topic (common's IdempotentConsumer); events that are well formed but lie (a sender who may
 * not write, a conversation of another workspace) are applied as nothing. Used from a {@code @QuarkusTest}, where
 * the channel's configuration names its dead-letter topic.
 */
public final class UntrustedEvents {
    private UntrustedEvents() {
    }

    /**
     * Publishes {@code data} (naming its own workspace) under an envelope naming {@code envelopeWorkspace}, and
     * waits until the consumer of {@code channel} dead-letters exactly that event; returns its id.
     */
    public static UUID assertDeadLettered(String channel, String key, ParleyEvent data, UUID envelopeWorkspace) {
        String deadLetters = ConfigProvider.getConfig()
                .getValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class);
        EventCatalog event = EventCatalog.of(data.getClass());
        UUID eventId = UUID.randomUUID();
        try (TopicWatcher watcher = TopicWatcher.open(deadLetters)) {
            TestEvents.send(event.topic(), key, eventId, event.type(), envelopeWorkspace.toString(), EventJson.write(data));
            int found = watcher.await(r -> eventId.toString().equals(TopicWatcher.header(r, "ce_id")), 1,
                    Duration.ofSeconds(120), Duration.ZERO).size();
            assertEquals(1, found, "the event with data of workspace " + data.workspaceId() + " under an envelope of "
                    + envelopeWorkspace + " was not dead-lettered to " + deadLetters);
        }
        return eventId;
    }

    /** Publishes {@code data} as is and waits until {@code consumer} recorded it as processed (effect committed). */
    public static UUID publishAndAwaitProcessed(DataSource dataSource, String consumer, String key, ParleyEvent data) {
        UUID eventId = TestEvents.publish(key, data);
        IdentityFixture.awaitProjected(() -> processed(dataSource, consumer, eventId));
        return eventId;
    }

    private static boolean processed(DataSource dataSource, String consumer, UUID eventId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from processed_event where consumer = ? and event_id = ?")) {
            s.setString(1, consumer);
            s.setObject(2, eventId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
