package dev.parley.common.outbox;

import dev.parley.events.CloudEventHeaders;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes outbox rows to Kafka in id order and deletes them only after the broker acknowledged them
 * (acks=all, idempotent producer, so a retried send is not written twice and each key's order holds).
 *
 * <p>It runs on one thread per instance, woken right after a commit that wrote an outbox row, and polls
 * every {@code parley.outbox.poll-interval} for rows left by a crash or committed by another instance.
 * A transaction-scoped advisory lock makes one instance at a time relay a schema's outbox, so two instances
 * never publish the same key out of order. If Kafka is unreachable the batch rolls back and is retried with
 * backoff: rows wait in PostgreSQL, none is lost.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SELECT_BATCH = """
            select id, event_id, topic, record_key, type, source, subject, workspace_id, occurred_at, payload
            from outbox_event order by id limit ?""";

    private final AgroalDataSource dataSource;
    private final String bootstrapServers;
    private final int batchSize;
    private final long pollIntervalMillis;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(AgroalDataSource dataSource,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "parley.outbox.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "parley.outbox.poll-interval-ms", defaultValue = "250") long pollIntervalMillis) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
        this.pollIntervalMillis = pollIntervalMillis;
    }

    void start(@Observes StartupEvent startup) {
        producer = new KafkaProducer<>(producerConfig(bootstrapServers, "outbox-relay"), new StringSerializer(),
                new ByteArraySerializer());
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        if (thread != null) {
            wake();
            thread.join(5_000);
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** Asks the relay to look at the outbox now rather than at its next poll. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try {
                wakeUps.tryAcquire(backoff > 0 ? backoff : pollIntervalMillis, TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                int published;
                do {
                    published = relayBatch();
                } while (running && published == batchSize);
                backoff = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                backoff = Math.min(Math.max(backoff * 2, 100), 5_000);
                LOG.warnf("outbox relay failed, retrying in %d ms: %s", backoff, e.toString());
            }
        }
    }

    /** Publishes one batch; returns how many rows it published and deleted. */
    int relayBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lockRelay(connection)) {
                    connection.rollback();
                    return 0;
                }
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
                    select.setInt(1, batchSize);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong("id"));
                            acks.add(producer.send(toRecord(rows)));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                try (PreparedStatement delete = connection.prepareStatement("delete from outbox_event where id = any(?)")) {
                    Array array = connection.createArrayOf("bigint", ids.toArray());
                    delete.setArray(1, array);
                    delete.executeUpdate();
                }
                connection.commit();
                return ids.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static boolean lockRelay(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_relay'))");
             ResultSet result = lock.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private static ProducerRecord<String, byte[]> toRecord(ResultSet row) throws SQLException {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.getString("topic"), row.getString("record_key"),
                row.getBytes("payload"));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, row.getString("event_id"));
        header(record, CloudEventHeaders.TYPE, row.getString("type"));
        header(record, CloudEventHeaders.SOURCE, row.getString("source"));
        if (row.getString("subject") != null) {
            header(record, CloudEventHeaders.SUBJECT, row.getString("subject"));
        }
        header(record, CloudEventHeaders.TIME,
                row.getObject("occurred_at", OffsetDateTime.class).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header(record, CloudEventHeaders.WORKSPACE_ID, row.getString("workspace_id"));
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A producer that writes each record once and in order per key (acks=all, idempotent), and gives up on a send
     * after 25 s; also common's dead-letter producer.
     */
    public static Properties producerConfig(String bootstrapServers, String clientId) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
