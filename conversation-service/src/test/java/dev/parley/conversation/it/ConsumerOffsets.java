package dev.parley.conversation.it;

import dev.parley.common.testing.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where this instance's consumer group of a channel stands on one partition (common's ConsumerLag: on whole topics). */
final class ConsumerOffsets {
    private ConsumerOffsets() {
    }

    /** The consumer group of {@code channel} in this test instance (suffixed per engineer). */
    static String group(String channel) {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".group.id", String.class);
    }

    /** The next offset {@code group} will read from {@code partition} (its committed offset), or 0 if none. */
    static long committed(String group, TopicPartition partition) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA))) {
            OffsetAndMetadata at = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return at == null ? 0 : at.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group + ": " + e, e);
        }
    }
}
