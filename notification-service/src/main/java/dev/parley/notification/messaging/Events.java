package dev.parley.notification.messaging;

import dev.parley.events.CloudEventHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** What the consumers share. */
final class Events {
    private Events() {
    }

    /**
     * Whether the record is worth a transaction: its ce_type is one the consumer acts on. The shared topics carry far
     * more than this service needs (every ConversationCreated, every edit), and each applied event costs a commit.
     * A record without a ce_type header goes on, so IdempotentConsumer dead-letters it as poison.
     */
    static boolean handles(ConsumerRecord<String, byte[]> record, Set<String> types) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return type == null || types.contains(new String(type.value(), StandardCharsets.UTF_8));
    }
}
