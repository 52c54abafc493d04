package dev.parley.common.consume;

import dev.parley.common.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_CAUSE;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_OFFSET;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_PARTITION;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_REASON;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_TOPIC;

/**
 * Moves one record of a batch to its channel's dead-letter topic, as the Kafka connector's
 * {@code failure-strategy=dead-letter-queue} does for a single record: same topic
 * ({@code mp.messaging.incoming.<channel>.dead-letter-queue.topic}, else the connector's default
 * {@code dead-letter-topic-<channel>}), same key, value and headers, plus the connector's {@code dead-letter-*}
 * headers. The connector cannot do it for us in batch mode: a failed batch is nacked as a whole, and its strategy
 * then dead-letters every record of the poll, the good ones with the bad.
 *
 * <p>The producer is created on the first poison record, so a service that never meets one holds no extra
 * connection. The send waits for the broker's acknowledgement (acks=all) before the batch's offsets are committed,
 * so a dead-lettered record is never lost; if it cannot be sent, the exception fails the batch and the channel's
 * own strategy takes over.
 */
@ApplicationScoped
public class DeadLetters {
    private final Config config;
    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(Config config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends {@code record} to the dead-letter topic of {@code channel} and waits until Kafka has it. */
    public void send(String channel, ConsumerRecord<String, byte[]> record, Throwable reason) {
        String topic = topic(channel);
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, null, record.key(), record.value(),
                record.headers());
        header(dead, DEAD_LETTER_EXCEPTION_CLASS_NAME, reason.getClass().getName());
        header(dead, DEAD_LETTER_REASON, message(reason));
        if (reason.getCause() != null) {
            header(dead, DEAD_LETTER_CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
            header(dead, DEAD_LETTER_CAUSE, message(reason.getCause()));
        }
        header(dead, DEAD_LETTER_TOPIC, record.topic());
        header(dead, DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(dead, DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        try {
            producer().send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " to " + topic, e);
        }
    }

    /** The dead-letter topic the channel's configuration names, as the connector resolves it. */
    String topic(String channel) {
        return config.getOptionalValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class)
                .orElse("dead-letter-topic-" + channel);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        KafkaProducer<String, byte[]> open;
        synchronized (this) {
            open = producer;
            producer = null;
        }
        if (open != null) {
            open.close(Duration.ofSeconds(5));
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(OutboxRelay.producerConfig(bootstrapServers, "dead-letters"),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
