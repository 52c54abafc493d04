package dev.parley.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Before the application under test starts, moves its test consumer group's committed offsets to the end of the
 * topics it consumes:
 *
 * <pre>{@code
 * @QuarkusTestResource(value = ConsumeFromNowResource.class, initArgs = {
 *         @ResourceArg(name = "group", value = "notification-service-test"),
 *         @ResourceArg(name = "topics", value = "parley.identity.v1,parley.messages.v1")})
 * }</pre>
 *
 * <p>Why: the local stack's topics are shared with every other module's tests and with the benchmark. A test group
 * that is behind them (a new {@code parley.test-suffix}, or traffic since the last run) first works through all of
 * it (tens of thousands of foreign events) before it reaches what the test published, and a test waiting for its
 * own events to be projected races that backlog: that was the flake. Each test publishes what it needs after the
 * application started, so nothing it waits for is skipped; the group name gets the run's {@code parley.test-suffix}.
 * A group still in use by another JVM (its members have not timed out) is retried for a minute, then left as it is.
 */
public class ConsumeFromNowResource implements QuarkusTestResourceLifecycleManager {
    private static final Logger LOG = Logger.getLogger(ConsumeFromNowResource.class.getName());
    private String group;
    private List<String> topics;

    @Override
    public void init(Map<String, String> initArgs) {
        group = initArgs.get("group") + System.getProperty("parley.test-suffix", "");
        topics = Arrays.stream(initArgs.get("topics").split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    @Override
    public Map<String, String> start() {
        LocalStack.ensureUp();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList(); // a new topic has no backlog
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end.offset())));
            if (offsets.isEmpty()) {
                return Map.of();
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
                    LOG.info(() -> "consumer group " + group + " starts at the end of " + topics);
                    break;
                } catch (ExecutionException e) {
                    if (System.currentTimeMillis() > deadline) {
                        LOG.warning("consumer group " + group + " left where it was (" + e.getCause() + "); it may"
                                + " first work through other tests' events");
                        break;
                    }
                    Thread.sleep(2_000); // the group still has members, e.g. a test JVM that was just stopped
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("could not move consumer group " + group + " to the end of " + topics, e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // nothing to undo: the next run moves the group again
    }
}
