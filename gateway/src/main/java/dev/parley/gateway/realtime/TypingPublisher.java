package dev.parley.gateway.realtime;

import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.realtime.Typing;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * Publishes typing signals to parley.ephemeral.v1 so that every gateway instance relays them. Fire and forget:
 * a lost typing signal is harmless, so there is no outbox here and acks=1 is enough.
 */
@ApplicationScoped
public class TypingPublisher {
    private final String bootstrapServers;
    private volatile KafkaProducer<String, byte[]> producer;

    public TypingPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public void publish(Typing typing) {
        EventCatalog event = EventCatalog.TYPING;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), typing.conversationId().toString(),
                EventJson.write(typing));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, event.type());
        header(record, CloudEventHeaders.SOURCE, "/parley/gateway");
        header(record, CloudEventHeaders.SUBJECT, typing.conversationId().toString());
        header(record, CloudEventHeaders.TIME, Instant.now().toString());
        header(record, CloudEventHeaders.WORKSPACE_ID, typing.workspaceId().toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        producer().send(record);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties config = new Properties();
                    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    config.put(ProducerConfig.ACKS_CONFIG, "1");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
                    producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
