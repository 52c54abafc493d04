package dev.parley.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.Api;
import dev.parley.chaos.Checker.PostedEvent;
import dev.parley.chaos.Checker.StoredMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Reads the evidence: the services' rows in PostgreSQL (as user parley, read only), every
 * {@code parley.message.posted.v1} of the run's workspace on parley.messages.v1 (a tap that reads from the run's
 * start, on its own thread, through every fault), dead-letter topic sizes, consumer lag and outbox sizes.
 */
final class Observer implements AutoCloseable {
    static final String BOOTSTRAP = "127.0.0.1:9092";
    static final String JDBC = "jdbc:postgresql://127.0.0.1:15432/parley";
    static final String MESSAGES_TOPIC = "parley.messages.v1";
    private static final String POSTED = "parley.message.posted.v1";
    /** The services' schemas that hold an outbox and processed events (DESIGN 1: one schema per service). */
    static final List<String> SCHEMAS = List.of("identity", "conversation", "notification", "announcement");

    private final String workspaceId;
    private final List<PostedEvent> events = new CopyOnWriteArrayList<>();
    private final Thread tap;
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);

    Observer(String workspaceId) {
        this.workspaceId = workspaceId;
        tap = new Thread(this::tap, "chaos-event-tap");
        tap.setDaemon(true);
        tap.start();
        try {
            if (!positioned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the event tap found no position on " + MESSAGES_TOPIC + " in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<PostedEvent> events() {
        return List.copyOf(events);
    }

    private void tap() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(MESSAGES_TOPIC, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start now, before the run posts anything
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (POSTED.equals(header(record, "ce_type")) && workspaceId.equals(header(record, "ce_workspaceid"))) {
                        JsonNode data = Api.read(new String(record.value(), StandardCharsets.UTF_8));
                        events.add(new PostedEvent(header(record, "ce_id"), data.path("messageId").asText(),
                                data.path("conversationId").asText(),
                                data.hasNonNull("clientMessageId") ? data.get("clientMessageId").asText() : null));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                Chaos.log("event tap stopped: " + e);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ PostgreSQL

    private static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(JDBC, "parley", "parley");
        connection.setReadOnly(true);
        return connection;
    }

    /** The conversations' messages and last_seq, read in one snapshot (posts still landing cannot fake a gap). */
    record Snapshot(List<StoredMessage> messages, Map<String, Long> lastSeq) {
    }

    Snapshot snapshot(Collection<String> conversations) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        Map<String, Long> lastSeq = new TreeMap<>();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement select = c.prepareStatement("""
                    select id, conversation_id, seq, body, client_message_id, sender_user_id
                    from conversation.message where conversation_id = any(?)""")) {
                select.setArray(1, c.createArrayOf("uuid", conversations.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        messages.add(new StoredMessage(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                                rows.getString(5), rows.getString(6)));
                    }
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                    "select id, last_seq from conversation.conversation where id = any(?)")) {
                select.setArray(1, c.createArrayOf("uuid", conversations.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lastSeq.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            c.commit();
        }
        return new Snapshot(messages, lastSeq);
    }

    List<StoredMessage> messages(Collection<String> conversations) throws SQLException {
        return snapshot(conversations).messages();
    }

    /** schema.consumer → the event ids (among {@code eventIds}) it recorded in its processed_event table. */
    Map<String, Set<String>> applied(Collection<String> eventIds) throws SQLException {
        Map<String, Set<String>> applied = new TreeMap<>();
        try (Connection c = connect()) {
            for (String schema : SCHEMAS) {
                try (PreparedStatement select = c.prepareStatement(
                        "select consumer, event_id from " + schema + ".processed_event where event_id = any(?)")) {
                    select.setArray(1, c.createArrayOf("uuid", eventIds.toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            applied.computeIfAbsent(schema + "." + rows.getString(1), k -> new TreeSet<>()).add(rows.getString(2));
                        }
                    }
                }
            }
        }
        return applied;
    }

    /** message id → notification rows for the person given for its conversation (the conversation's client). */
    Map<String, Integer> notifications(Collection<String> messageIds, Map<String, String> recipientByConversation)
            throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = connect(); PreparedStatement select = c.prepareStatement(
                "select message_id, conversation_id, user_id from notification.notification where message_id = any(?)")) {
            select.setArray(1, c.createArrayOf("uuid", messageIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(3).equals(recipientByConversation.get(rows.getString(2)))) {
                        counts.merge(rows.getString(1), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** Rows waiting in the services' outboxes. */
    long outbox() throws SQLException {
        long rows = 0;
        try (Connection c = connect()) {
            for (String schema : SCHEMAS) {
                try (PreparedStatement count = c.prepareStatement("select count(*) from " + schema + ".outbox_event");
                     ResultSet result = count.executeQuery()) {
                    result.next();
                    rows += result.getLong(1);
                }
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------ Kafka

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /**
     * The summed lag of every consumer group that has members, on the offsets it committed. Groups without members
     * are left out: each gateway instance consumes with a group of its own, and a killed instance's group stays
     * behind with a lag that grows forever.
     */
    static long lag() throws Exception {
        try (Admin admin = admin()) {
            List<String> ids = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(20, TimeUnit.SECONDS)
                    .stream().map(GroupListing::groupId).toList();
            long lag = 0;
            for (ConsumerGroupDescription group : admin.describeConsumerGroups(ids).all().get(20, TimeUnit.SECONDS).values()) {
                if (group.members().isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        latest.put(tp, OffsetSpec.latest());
                    }
                });
                var ends = admin.listOffsets(latest).all().get(20, TimeUnit.SECONDS);
                for (var entry : ends.entrySet()) {
                    lag += Math.max(0, entry.getValue().offset() - committed.get(entry.getKey()).offset());
                }
            }
            return lag;
        }
    }

    /** How many records each topic holds (end offsets summed; 0 for a topic that does not exist yet). */
    static Map<String, Long> sizes(Collection<String> topics) throws Exception {
        Map<String, Long> sizes = new TreeMap<>();
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    sizes.put(topic, 0L);
                    continue;
                }
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                long total = 0;
                for (var info : admin.listOffsets(request).all().get(20, TimeUnit.SECONDS).values()) {
                    total += info.offset();
                }
                sizes.put(topic, total);
            }
        }
        return sizes;
    }

    /** Sends {@code count} poison records to {@code topic}: no CloudEvent headers, a body that is not JSON. */
    static void poison(String topic, int count) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(),
                        ("chaos poison " + i + " {not json").getBytes(StandardCharsets.UTF_8))).get(20, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        tap.join(5_000);
    }
}
