package dev.parley.notification.messaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each poll of a batch channel is applied in one transaction and acknowledged when it ends, so the slowest poll this
 * service may meet must end inside two 60 s limits: Narayana's default transaction timeout (past it the batch is
 * rolled back and redone one transaction per event) and the Kafka connector's
 * {@code throttled.unprocessed-record-max-age.ms} (past it the connector closes that consumer for good and
 * readiness stays DOWN until a restart). The slowest poll measured: notification-service restarted under load in
 * the chaos suite's rolling-restart (chaos/results/2026-11-22-686c5b5.md), where 500 MessagePosted were still not
 * applied after 61 s, over 120 ms each on a cold JVM. Reads the shipped application.properties; a pure check of the
 * configuration against that figure (README, "Poll size").
 */
class PollSizeTest {
    /** Cold JVM, restarted under load on the starved 2-core machine: 500 events were not done after 61 s. */
    private static final Duration SLOWEST_MEASURED_PER_EVENT = Duration.ofMillis(125);
    /** Room for a machine slower than that one, or a poll whose events name more recipients. */
    private static final int MARGIN = 4;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern BATCH = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.batch");

    @Test
    void theSlowestPollMeasuredFitsFourTimesInsideBothLimits() throws IOException {
        Properties config = shipped();
        TreeMap<String, Integer> pollSizes = new TreeMap<>();
        for (String key : config.stringPropertyNames()) {
            Matcher batch = BATCH.matcher(key);
            if (batch.matches() && Boolean.parseBoolean(config.getProperty(key))) {
                String channel = batch.group(1);
                String records = config.getProperty("mp.messaging.incoming." + channel + ".max.poll.records");
                assertTrue(records != null, channel + " leaves max.poll.records at Kafka's default (500)");
                pollSizes.put(channel, Integer.parseInt(records.strip()));
                assertNull(config.getProperty("mp.messaging.incoming." + channel + ".throttled.unprocessed-record-max-age.ms"),
                        channel + " changes the connector's 60 s limit; this check assumes it");
            }
        }
        assertEquals(3, pollSizes.size(), "the service's three batch channels: " + pollSizes.keySet());
        pollSizes.forEach((channel, records) -> {
            Duration slowest = SLOWEST_MEASURED_PER_EVENT.multipliedBy((long) records * MARGIN);
            assertTrue(slowest.compareTo(LIMIT) < 0, channel + ": " + records + " events per poll at "
                    + SLOWEST_MEASURED_PER_EVENT.toMillis() + " ms each, " + MARGIN + " times over, take " + slowest
                    + ", not inside " + LIMIT);
        });
        assertFalse(config.stringPropertyNames().stream().anyMatch(k -> k.contains("default-transaction-timeout")),
                "the transaction timeout is changed; this check assumes Narayana's 60 s");
    }

    private static Properties shipped() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PollSizeTest.class.getResourceAsStream("/application.properties")) {
            assertTrue(in != null, "application.properties on the classpath");
            properties.load(in);
        }
        return properties;
    }
}
