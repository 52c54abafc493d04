package dev.parley.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The services' unconsumed events: the sum over their production consumer groups of (end offset − committed offset).
 * A phase that starts while a service is still working off an earlier phase (or, right after {@code bench/run}
 * restarted the services, the stack's older events) measures that backlog instead of the phase, so the driver waits
 * for it to reach zero first.
 */
final class Backlog {

    /** The production group ids (application.properties); tests use {@code <service>-test<suffix>}, not counted. */
    static final List<String> GROUPS = List.of("conversation-service", "notification-service", "announcement-service");

    private final Admin admin;

    Backlog() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Baselines.KAFKA);
        admin = Admin.create(p);
    }

    /** Events committed to the topics but not yet consumed by the groups, summed. */
    long events() throws Exception {
        Map<TopicPartition, Long> lag = new HashMap<>(); // summed over the groups reading each partition
        for (String group : GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            offsets.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                long end = ends.get(e.getKey()).offset();
                long at = e.getValue() == null ? 0 : e.getValue().offset();
                lag.merge(e.getKey(), Math.max(0, end - at), Long::sum);
            }
        }
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until {@link #events()} is 0, at most {@code maxSeconds}; returns the seconds waited, or −1 if the
     * backlog was still there at the deadline (the caller says so in the report).
     */
    double awaitEmpty(String phase, int maxSeconds) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
        long lastLog = 0;
        while (true) {
            long left = events();
            double waited = (System.nanoTime() - t0) / 1e9;
            if (left == 0) {
                if (waited > 1) {
                    Bench.log(String.format(Locale.ROOT, "%s: the services' backlog cleared in %.1f s", phase, waited));
                }
                return waited;
            }
            if (System.nanoTime() > deadline) {
                Bench.log(phase + ": " + left + " events still unconsumed after " + maxSeconds + " s; going on");
                return -1;
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                Bench.log(phase + ": waiting for the services' backlog, " + left + " events unconsumed");
                lastLog = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }
}
