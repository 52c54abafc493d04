package dev.parley.conversation.it;

import dev.parley.common.testing.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Where this instance's consumer group of a channel stands on its topic: committed offsets, as Kafka has them. */
final class ConsumerOffsets {
    private ConsumerOffsets() {
    }

    /** The consumer group of {@code channel} in this test instance (suffixed per engineer). */
    static String group(String channel) {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".group.id", String.class);
    }

    /** The next offset {@code group} will read from {@code partition} (its committed offset), or 0 if none. */
    static long committed(String group, TopicPartition partition) {
        return call(admin -> {
            OffsetAndMetadata at = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
            return at == null ? 0 : at.offset();
        });
    }

    /** How many records of {@code topic} {@code group} has not committed yet, over all partitions. */
    static long lag(String group, String topic) {
        return call(admin -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        });
    }

    private interface AdminCall<T> {
        T call(Admin admin) throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA);
        try (Admin admin = Admin.create(config)) {
            return call.call(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed", e.getCause());
        }
    }
}
