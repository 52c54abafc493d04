package dev.parley.common.testing;

import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.ParleyEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes CloudEvents straight to the real Kafka, as another service's outbox relay would: for consumer tests
 * (duplicates, poison, events of services that are not running in the test).
 */
public final class TestEvents {
    private static KafkaProducer<String, byte[]> producer;

    private TestEvents() {
    }

    /** Publishes {@code data} under a new event id; returns the id. */
    public static UUID publish(String key, ParleyEvent data) {
        UUID id = UUID.randomUUID();
        publish(id, key, data);
        return id;
    }

    /** Publishes with the given event id (send the same id twice to test redelivery). */
    public static void publish(UUID eventId, String key, ParleyEvent data) {
        sendTogether(List.of(record(eventId, key, data)));
    }

    /** Publishes raw bytes with arbitrary headers: a poison event when the type or data is wrong. */
    public static void send(String topic, String key, UUID eventId, String type, String workspaceId, byte[] value) {
        sendTogether(List.of(record(topic, key, eventId, type, workspaceId, value)));
    }

    /** The record {@link #publish(UUID, String, ParleyEvent)} sends, for {@link #sendTogether(List)}. */
    public static ProducerRecord<String, byte[]> record(UUID eventId, String key, ParleyEvent data) {
        EventCatalog event = EventCatalog.of(data.getClass());
        return record(event.topic(), key, eventId, event.type(), data.workspaceId().toString(), EventJson.write(data));
    }

    /** The record {@link #send} sends: a poison event when the type or data is wrong. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, UUID eventId, String type,
                                                        String workspaceId, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, eventId.toString());
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/parley/tests");
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.TIME, Instant.now().toString());
        header(record, CloudEventHeaders.WORKSPACE_ID, workspaceId);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    /**
     * Sends the records without waiting between them (one producer batch per partition, so a consumer most likely
     * reads them in one poll), then waits until Kafka has them all; returns where each landed, in order.
     */
    public static List<RecordMetadata> sendTogether(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, byte[]> record : records) {
            sent.add(producer().send(record));
        }
        List<RecordMetadata> landed = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                landed.add(sent.get(i).get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("cannot publish to " + records.get(i).topic(), e);
            }
        }
        return landed;
    }

    /** Sends a record read from a topic again, byte for byte with its headers: a redelivery as consumers see it. */
    public static void redeliver(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> original) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(original.topic(), original.partition(), original.key(),
                original.value(), original.headers());
        try {
            producer().send(copy).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot redeliver to " + original.topic(), e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            LocalStack.ensureUp();
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
