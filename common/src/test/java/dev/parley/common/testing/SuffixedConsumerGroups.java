package dev.parley.common.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A test run with {@code -Dparley.test-suffix=_x} (an engineer testing a module beside others on one stack) gets
 * consumer groups of its own. Left alone, a new group would first replay the shared stack's whole history (tens of
 * thousands of identity and message events from earlier runs) before it saw the events its tests publish; so
 * before the application boots, each of the module's test groups that has nobody consuming is moved to the end of
 * its topics. The tests publish everything they need after that. Runs without a suffix (CI, `./parley test`) are
 * left exactly as they were.
 */
final class SuffixedConsumerGroups {
    private static final String PREFIX = "mp.messaging.incoming.";

    private SuffixedConsumerGroups() {
    }

    static void skipHistory() {
        String suffix = System.getProperty("parley.test-suffix", "");
        if (suffix.isEmpty()) {
            return;
        }
        Map<String, Set<String>> topicsByGroup = groupsOfThisModule(suffix);
        if (topicsByGroup.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA))) {
            var groups = admin.describeConsumerGroups(topicsByGroup.keySet()).describedGroups();
            for (var entry : topicsByGroup.entrySet()) {
                GroupState state = stateOf(groups.get(entry.getKey()));
                if (state != GroupState.EMPTY && state != GroupState.DEAD) {
                    continue; // someone consumes with it now: not ours to move
                }
                Set<TopicPartition> partitions = new HashSet<>();
                admin.describeTopics(entry.getValue()).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, d) ->
                        d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
                Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(partitions.stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS)
                        .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
                admin.alterConsumerGroupOffsets(entry.getKey(), ends).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not move the suffixed test consumer groups to the end: " + e, e);
        }
    }

    /** A group that never existed (a suffix used for the first time) is reported as not found: it is DEAD. */
    private static GroupState stateOf(KafkaFuture<ConsumerGroupDescription> described) throws Exception {
        try {
            return described.get(30, TimeUnit.SECONDS).groupState();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return GroupState.DEAD;
            }
            throw e;
        }
    }

    /** group id → topics, from the %test group ids of the module's application.properties. */
    private static Map<String, Set<String>> groupsOfThisModule(String suffix) {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                return Map.of();
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Set<String>> topicsByGroup = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%test." + PREFIX) || !key.endsWith(".group.id")) {
                continue;
            }
            String channel = key.substring(("%test." + PREFIX).length(), key.length() - ".group.id".length());
            String topic = properties.getProperty("%test." + PREFIX + channel + ".topic",
                    properties.getProperty(PREFIX + channel + ".topic"));
            if (topic == null) {
                continue;
            }
            String group = properties.getProperty(key).replace("${parley.test-suffix:}", suffix);
            topicsByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(topic);
        }
        return new HashMap<>(topicsByGroup);
    }
}
