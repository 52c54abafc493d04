package dev.parley.common.consume;

import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** A CloudEvent read from Kafka binary mode. Anything that does not parse is a {@link PoisonEventException}. */
public record ConsumedEvent(UUID id, String type, String source, UUID workspaceId, String subject, Instant time,
                            String key, byte[] data) {

    public static ConsumedEvent from(ConsumerRecord<String, byte[]> record) {
        try {
            return new ConsumedEvent(
                    UUID.fromString(required(record, CloudEventHeaders.ID)),
                    required(record, CloudEventHeaders.TYPE),
                    required(record, CloudEventHeaders.SOURCE),
                    UUID.fromString(required(record, CloudEventHeaders.WORKSPACE_ID)),
                    optional(record, CloudEventHeaders.SUBJECT),
                    Instant.parse(required(record, CloudEventHeaders.TIME)),
                    record.key(),
                    record.value());
        } catch (PoisonEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoisonEventException("unreadable CloudEvent headers at " + where(record) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The data as its record. Data that does not parse, or names another workspace than the envelope does, is
     * poison: an event is trusted only as far as its envelope and data agree.
     */
    public <T> T data(Class<T> type) {
        if (data == null) {
            throw new PoisonEventException("event " + id + " (" + this.type + ") has no data", null);
        }
        try {
            T value = EventJson.read(data, type);
            if (value instanceof dev.parley.events.ParleyEvent event && !workspaceId.equals(event.workspaceId())) {
                throw new PoisonEventException("event " + id + " names workspace " + event.workspaceId()
                        + " in its data but " + workspaceId + " in its envelope", null);
            }
            return value;
        } catch (PoisonEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PoisonEventException("event " + id + " (" + this.type + ") has unreadable data: " + e.getMessage(), e);
        }
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        String value = optional(record, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("missing header " + name + " at " + where(record), null);
        }
        return value;
    }

    private static String optional(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
