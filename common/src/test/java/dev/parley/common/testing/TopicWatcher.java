package dev.parley.common.testing;

import dev.parley.events.CloudEventHeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads a real Kafka topic from the moment it is opened: every partition is assigned and positioned at its end,
 * so a test sees exactly the records produced after {@link #open(String)}.
 */
public final class TopicWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    private TopicWatcher(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        createIfMissing(topic);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the test produces anything
    }

    /** Dead-letter topics appear with their first record; a test watching one makes sure it exists first. */
    private static void createIfMissing(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
    }

    public static TopicWatcher open(String topic) {
        LocalStack.ensureUp();
        return new TopicWatcher(topic);
    }

    /** Waits until {@code count} records match, then keeps reading {@code settle} longer to catch extra copies. */
    public List<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> match, int count,
                                                      Duration timeout, Duration settle) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (matching(match).size() < count && System.currentTimeMillis() < deadline) {
            poll(200);
        }
        long settleUntil = System.currentTimeMillis() + settle.toMillis();
        while (System.currentTimeMillis() < settleUntil) {
            poll(100);
        }
        return matching(match);
    }

    public List<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> match, int count) {
        return await(match, count, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    private void poll(long millis) {
        consumer.poll(Duration.ofMillis(millis)).forEach(seen::add);
    }

    private List<ConsumerRecord<String, byte[]>> matching(Predicate<ConsumerRecord<String, byte[]>> match) {
        return seen.stream().filter(match).toList();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Predicate<ConsumerRecord<String, byte[]>> ofType(String type) {
        return r -> type.equals(header(r, CloudEventHeaders.TYPE));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
