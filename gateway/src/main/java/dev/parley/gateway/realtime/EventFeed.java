package dev.parley.gateway.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns events into realtime frames for the sockets this instance holds. Two plain Kafka consumers on their own
 * threads: one reads the live topics (conversations, messages, notifications, ephemeral) from their end with a
 * group of its own, so every gateway instance sees every event; the other replays parley.identity.v1 from the
 * beginning, without a group, into {@link RealtimeDirectory} (workspace settings and who is a client).
 */
@ApplicationScoped
public class EventFeed {
    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    private final Sockets sockets;
    private final RealtimeDirectory directory;
    private final String bootstrapServers;
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
    private volatile boolean running;

    public EventFeed(Sockets sockets, RealtimeDirectory directory,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.sockets = sockets;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        KafkaConsumer<String, byte[]> live = consumer("gateway-realtime-" + UUID.randomUUID());
        live.subscribe(List.of(Topics.CONVERSATIONS, Topics.MESSAGES, Topics.NOTIFICATIONS, Topics.EPHEMERAL));
        startLoop("realtime-live", live, this::live);

        KafkaConsumer<String, byte[]> identity = consumer(null);
        startLoop("realtime-identity", identity, record -> identity(record));
        // assignment needs metadata: done on the loop's thread (KafkaConsumer is single-threaded)
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
    }

    private KafkaConsumer<String, byte[]> consumer(String groupId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId == null ? "gateway-identity" : groupId);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumers.add(consumer);
        return consumer;
    }

    private void startLoop(String name, KafkaConsumer<String, byte[]> consumer, Consumer<ConsumerRecord<String, byte[]>> handler) {
        Thread thread = new Thread(() -> {
            try {
                if (consumer.subscription().isEmpty()) {
                    assignFromBeginning(consumer, Topics.IDENTITY);
                }
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        try {
                            handler.accept(record);
                        } catch (RuntimeException e) {
                            // a frame we cannot build is skipped: realtime is best effort, history is the truth
                            LOG.warnf("skipping %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.toString());
                        }
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s stopped", name);
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private void identity(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        if (type == null) {
            return;
        }
        JsonNode data = json(record);
        UUID workspaceId = UUID.fromString(data.path("workspaceId").asText());
        switch (type) {
            case "parley.workspace.created.v1", "parley.chatsettings.changed.v1" -> {
                JsonNode settings = data.path("settings");
                directory.workspace(workspaceId, new RealtimeDirectory.WorkspaceFlags(
                        settings.path("readReceipts").asBoolean(), settings.path("typingIndicator").asBoolean(),
                        settings.path("clientsSeeParticipants").asBoolean()));
            }
            case "parley.client.registered.v1" -> directory.client(workspaceId, data.path("userId").asText(), true);
            case "parley.client.deleted.v1" -> directory.client(workspaceId, data.path("userId").asText(), false);
            default -> {
            }
        }
    }

    private void live(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        if (type == null) {
            return;
        }
        JsonNode data = json(record);
        UUID workspaceId = UUID.fromString(data.path("workspaceId").asText());
        UUID conversationId = data.hasNonNull("conversationId") ? UUID.fromString(data.get("conversationId").asText()) : null;
        switch (type) {
            case "parley.message.posted.v1" -> toVisible("message.posted", workspaceId, conversationId, data);
            case "parley.message.edited.v1" -> toVisible("message.edited", workspaceId, conversationId, data);
            case "parley.message.deleted.v1" -> toVisible("message.deleted", workspaceId, conversationId, data);
            case "parley.messages.read.v1" -> read(workspaceId, conversationId, data);
            case "parley.participant.added.v1" -> participant("participant.added", workspaceId, conversationId, data, true);
            case "parley.participant.removed.v1" -> participant("participant.removed", workspaceId, conversationId, data, false);
            case "parley.conversation.deleted.v1" -> directory.forget(conversationId);
            case "parley.conversation.typing.v1" -> typing(workspaceId, conversationId, data);
            case "parley.notification.created.v1" -> {
                String userId = data.path("userId").asText(null);
                if (userId != null) {
                    sockets.send(List.of(userId), Frames.frame("notification.created", workspaceId, conversationId,
                            Frames.publicData(data)));
                }
            }
            default -> {
            }
        }
    }

    private void toVisible(String frameType, UUID workspaceId, UUID conversationId, JsonNode data) {
        List<String> visibleTo = strings(data.path("visibleTo"));
        directory.audience(conversationId, workspaceId, visibleTo);
        sockets.send(visibleTo, Frames.frame(frameType, workspaceId, conversationId, Frames.publicData(data)));
    }

    /**
     * The reader's own devices always learn their read state. Others see it only where read receipts are on:
     * members see who read; clients see only that the team read (DESIGN section 3), never another client's reads.
     */
    private void read(UUID workspaceId, UUID conversationId, JsonNode data) {
        String reader = data.path("userId").asText();
        long upToSeq = data.path("upToSeq").asLong();
        sockets.send(List.of(reader), Frames.frame("conversation.read", workspaceId, conversationId, Frames.publicData(data)));
        if (!directory.flags(workspaceId).readReceipts()) {
            return;
        }
        boolean readByTeam = "MEMBER".equals(data.path("readerType").asText());
        Set<String> members = new HashSet<>();
        Set<String> clients = new HashSet<>();
        directory.audience(conversationId).ifPresent(a -> a.userIds().forEach(u -> {
            if (!u.equals(reader)) {
                (directory.isClient(workspaceId, u) ? clients : members).add(u);
            }
        }));
        sockets.send(members, Frames.frame("conversation.read", workspaceId, conversationId, Frames.publicData(data)));
        if (readByTeam) {
            sockets.send(clients, Frames.frame("conversation.read", workspaceId, conversationId,
                    Frames.JSON.createObjectNode().put("teamLastReadSeq", upToSeq)));
        }
    }

    /** Members of the conversation and the person concerned; clients only where the workspace shows them participants. */
    private void participant(String frameType, UUID workspaceId, UUID conversationId, JsonNode data, boolean added) {
        String userId = data.path("userId").asText();
        Set<String> recipients = new HashSet<>();
        recipients.add(userId);
        boolean clientsSee = directory.flags(workspaceId).clientsSeeParticipants();
        directory.audience(conversationId).ifPresent(a -> a.userIds().stream()
                .filter(u -> clientsSee || !directory.isClient(workspaceId, u))
                .forEach(recipients::add));
        sockets.send(recipients, Frames.frame(frameType, workspaceId, conversationId, Frames.publicData(data)));
        directory.audience(conversationId).ifPresent(a -> {
            Set<String> users = new HashSet<>(a.userIds());
            if (added) users.add(userId); else users.remove(userId);
            directory.audience(conversationId, workspaceId, List.copyOf(users));
        });
    }

    private void typing(UUID workspaceId, UUID conversationId, JsonNode data) {
        if (!directory.flags(workspaceId).typingIndicator()) {
            return;
        }
        String typist = data.path("userId").asText();
        List<String> others = strings(data.path("visibleTo")).stream().filter(u -> !u.equals(typist)).toList();
        sockets.send(others, Frames.frame("typing", workspaceId, conversationId, Frames.publicData(data)));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return Frames.JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable event data", e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
