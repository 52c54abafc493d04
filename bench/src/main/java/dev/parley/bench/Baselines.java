package dev.parley.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same work done directly on the same machine, as the limit Parley's figures are divided by:
 * <ul>
 *   <li>PostgreSQL: what a post must make durable, in one transaction over JDBC — lock-and-bump the conversation's
 *       last_seq, insert the message row, insert the outbox row — in a scratch schema {@code bench} with the same
 *       columns and indexes as conversation-service's tables, with as many connections as conversation-service's
 *       pool (32), at S1's arrival rate (open model) and as a closed loop (capacity).</li>
 *   <li>Kafka: produce → consume with the outbox relay's producer settings (acks=all, idempotent, linger 1 ms),
 *       at S1's arrival rate, latency from the intended send time to the consumer's poll.</li>
 * </ul>
 */
final class Baselines {
    static final String JDBC_URL = System.getProperty("bench.jdbc", "jdbc:postgresql://127.0.0.1:15432/parley");
    static final String KAFKA = System.getProperty("bench.kafka", "127.0.0.1:9092");
    static final int POOL = 32;
    private static final String PAYLOAD = "x".repeat(600);

    private Baselines() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC_URL, "parley", "parley");
    }

    static List<UUID> prepareSchema(int conversations) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create schema if not exists bench");
            s.execute("drop table if exists bench.message, bench.outbox_event, bench.conversation");
            s.execute("create table bench.conversation (id uuid primary key, last_seq bigint not null default 0, last_activity_at timestamptz not null)");
            s.execute("""
                    create table bench.message (
                        id uuid primary key, conversation_id uuid not null references bench.conversation (id),
                        seq bigint not null, kind varchar(20) not null, sender_user_id varchar(100), sender_type varchar(10) not null,
                        sender_display_name varchar(200), body varchar(16000), highlighted boolean not null default false,
                        client_message_id varchar(200), announcement_id uuid, created_at timestamptz not null,
                        edited_at timestamptz, deleted_at timestamptz, constraint bench_message_seq_uq unique (conversation_id, seq))""");
            s.execute("create unique index bench_message_cmid_uq on bench.message (conversation_id, sender_user_id, client_message_id) where client_message_id is not null");
            s.execute("""
                    create table bench.outbox_event (
                        id bigserial primary key, event_id uuid not null unique, topic text not null, record_key text not null,
                        type text not null, source text not null, subject text, workspace_id uuid not null,
                        occurred_at timestamptz not null, payload bytea not null)""");
            try (PreparedStatement insert = c.prepareStatement("insert into bench.conversation (id, last_activity_at) values (?, now())")) {
                for (int i = 0; i < conversations; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    insert.setObject(1, id);
                    insert.executeUpdate();
                }
            }
        }
        return ids;
    }

    /** One post's durable work in one transaction. */
    static void postTransaction(Connection c, UUID conversationId, long i) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        long seq;
        try (PreparedStatement bump = c.prepareStatement(
                "update bench.conversation set last_seq = last_seq + 1, last_activity_at = ? where id = ? returning last_seq")) {
            bump.setTimestamp(1, now);
            bump.setObject(2, conversationId);
            try (ResultSet rs = bump.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement message = c.prepareStatement("""
                insert into bench.message (id, conversation_id, seq, kind, sender_user_id, sender_type, sender_display_name,
                                           body, highlighted, client_message_id, created_at)
                values (?, ?, ?, 'TEXT', 'bench-user', 'MEMBER', 'Bench', ?, false, ?, ?)""")) {
            message.setObject(1, UUID.randomUUID());
            message.setObject(2, conversationId);
            message.setLong(3, seq);
            message.setString(4, "bench message " + i + " lorem ipsum dolor sit amet, consectetur adipiscing elit");
            message.setString(5, "direct-" + i + "-" + UUID.randomUUID());
            message.setTimestamp(6, now);
            message.executeUpdate();
        }
        try (PreparedStatement outbox = c.prepareStatement("""
                insert into bench.outbox_event (event_id, topic, record_key, type, source, subject, workspace_id, occurred_at, payload)
                values (?, 'parley.messages.v1', ?, 'parley.message.posted.v1', '/bench', null, ?, ?, ?)""")) {
            outbox.setObject(1, UUID.randomUUID());
            outbox.setString(2, conversationId.toString());
            outbox.setObject(3, conversationId);
            outbox.setTimestamp(4, now);
            outbox.setBytes(5, PAYLOAD.getBytes(StandardCharsets.UTF_8));
            outbox.executeUpdate();
        }
        c.commit();
    }

    /** A pool of {@link #POOL} threads, each holding one connection, so waiting for a connection is queueing here as in a service. */
    static final class JdbcPool implements AutoCloseable {
        final ExecutorService executor = Executors.newFixedThreadPool(POOL);
        final ThreadLocal<Connection> connection = new ThreadLocal<>();
        final List<Connection> all = new ArrayList<>();

        CompletableFuture<Boolean> submit(UUID conversationId, long i) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Connection c = connection.get();
                    if (c == null) {
                        c = connect();
                        c.setAutoCommit(false);
                        connection.set(c);
                        synchronized (all) {
                            all.add(c);
                        }
                    }
                    try {
                        postTransaction(c, conversationId, i);
                        return true;
                    } catch (SQLException e) {
                        c.rollback();
                        return false;
                    }
                } catch (SQLException e) {
                    return false;
                }
            }, executor);
        }

        @Override
        public void close() throws Exception {
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
            for (Connection c : all) {
                c.close();
            }
        }
    }

    static OpenModel.Result jdbcOpen(List<UUID> conversations, int rate, double seconds) throws Exception {
        try (JdbcPool pool = new JdbcPool()) {
            // warm the connections and the plans
            List<CompletableFuture<Boolean>> warm = new ArrayList<>();
            for (int i = 0; i < POOL * 20; i++) {
                warm.add(pool.submit(conversations.get(i % conversations.size()), -i - 1));
            }
            CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).join();
            return OpenModel.run("jdbc", rate, seconds, 10,
                    (i, due) -> pool.submit(conversations.get((int) (i % conversations.size())), i));
        }
    }

    /** Closed loop: {@link #POOL} connections, each committing its next post as soon as the previous one committed. */
    static double jdbcCapacity(List<UUID> conversations, double seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < POOL; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                try (Connection c = connect()) {
                    c.setAutoCommit(false);
                    long i = 0;
                    while (System.nanoTime() < end) {
                        postTransaction(c, conversations.get((int) ((offset + i) % conversations.size())), 1_000_000_000L + offset * 10_000_000L + i);
                        i++;
                        done.incrementAndGet();
                    }
                } catch (SQLException e) {
                    System.err.println("jdbc capacity: " + e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        long start = System.nanoTime();
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    static void dropSchema() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists bench cascade");
        } catch (SQLException e) {
            System.err.println("could not drop schema bench: " + e);
        }
    }

    /** Produce → consume on a scratch topic with the relay's producer settings; latency from the intended send time. */
    static Histogram kafka(int rate, double seconds, int partitions) throws Exception {
        String topic = "parley.bench.baseline";
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        try (Admin a = Admin.create(admin)) {
            try {
                a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Histogram histogram = Stats.histogram();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong received = new AtomicLong();
        String run = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position);
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        ByteBuffer value = ByteBuffer.wrap(record.value());
                        long due = value.getLong();
                        if (record.key() != null && record.key().startsWith(run)) {
                            histogram.recordValue(Math.max(0, Math.min(now - due, Stats.HIGHEST)));
                            received.incrementAndGet();
                        }
                    }
                }
            }, "kafka-baseline-consumer");
            // warm-up: one record, and the producer's metadata
            producer.send(new ProducerRecord<>(topic, "warm", new byte[16])).get(30, TimeUnit.SECONDS);
            reader.start();
            byte[] pad = PAYLOAD.getBytes(StandardCharsets.UTF_8);
            OpenModel.Result sent = OpenModel.run("kafka", rate, seconds, 10, (i, due) -> {
                ByteBuffer value = ByteBuffer.allocate(8 + pad.length);
                value.putLong(due).put(pad);
                CompletableFuture<Boolean> acked = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(topic, run + "-" + (i % 64), value.array()),
                        (metadata, failure) -> acked.complete(failure == null));
                return acked;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < sent.sent() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            running.set(false);
            reader.join();
        }
        return histogram;
    }
}
