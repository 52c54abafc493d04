package dev.parley.common.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How far consumer groups are behind the end of their topics. A service started on a stack that earlier test runs
 * filled replays that history first (its groups start at the earliest offset, as in production); a test of the
 * running suite waits for {@link #awaitCaughtUp} so that what it publishes afterwards is not queued behind it.
 */
public final class ConsumerLag {
    private ConsumerLag() {
    }

    /**
     * Records published but not yet committed by {@code groups}: over every partition a group is assigned or has
     * committed on, end offset minus committed offset (a partition it was given but never committed on counts from
     * the start). Empty when a group has neither members nor commits yet (it is still joining).
     */
    public static OptionalLong of(Collection<String> groups) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA))) {
            var described = admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
                described.get(group).members().forEach(m -> partitions.addAll(m.assignment().topicPartitions()));
                if (partitions.isEmpty()) {
                    return OptionalLong.empty();
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
                }
            }
            return OptionalLong.of(lag);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the lag of " + groups + ": " + e, e);
        }
    }

    /** Waits until {@code groups} have committed up to the end of their topics, printing the backlog as it goes. */
    public static void awaitCaughtUp(Collection<String> groups, Duration atMost) {
        long started = System.nanoTime();
        long deadline = started + atMost.toNanos();
        long first = -1;
        long lastPrinted = 0;
        while (true) {
            OptionalLong lag = of(groups);
            if (first < 0 && lag.isPresent()) {
                first = lag.getAsLong();
            }
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (lag.isPresent() && lag.getAsLong() == 0) {
                System.out.printf("consumer groups %s caught up with a backlog of %d records in %d ms%n", groups,
                        first, elapsed);
                return;
            }
            String behind = lag.isPresent() ? lag.getAsLong() + " records behind" : "still joining";
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumer groups " + groups + " " + behind + " after " + atMost);
            }
            if (elapsed - lastPrinted >= 15_000) {
                System.out.printf("consumer groups %s: %s after %d s%n", groups, behind, elapsed / 1000);
                lastPrinted = elapsed;
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
