package dev.parley.conversation.it;

import dev.parley.common.testing.ConsumerLag;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.conversation.messaging.IdentityEventsConsumer;
import dev.parley.events.identity.ClientRegistered;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * How fast this service projects identity events (issues 7 and 9): {@code parley.bench.clients} (10,000)
 * ClientRegistered of one workspace published at once, timed until the last client's CLIENT conversation (with its
 * welcome message) exists. Off by default; run with
 * {@code nice -n 15 mvn -B verify -pl events,auth,common,conversation-service -Dparley.test-suffix=_batch
 * -Dtest='dev/parley/conversation/**}{@code /IdentityConsumptionMeasurementTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dparley.bench.consume=true}.
 * <p>
 * The test first waits until this instance's consumer group has caught up with parley.identity.v1 (a fresh group
 * replays the topic's history), so the figure is the rate of the 10,000 events alone.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@EnabledIfSystemProperty(named = "parley.bench.consume", matches = "true")
class IdentityConsumptionMeasurementTest {
    private static final int CLIENTS = Integer.getInteger("parley.bench.clients", 10_000);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void projectTenThousandClientRegistered() throws InterruptedException {
        ConsumerLag.awaitCaughtUp(List.of(ConsumerOffsets.group(IdentityEventsConsumer.CHANNEL)), Duration.ofMinutes(60));

        TestPerson owner = Keycloak.person("Bench");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        IdentityFixture.awaitProjected(() -> Db.count(dataSource,
                "select count(*) from identity_workspace where workspace_id = ?", ws.id()) == 1);

        long start = System.nanoTime();
        long cpuAtStart = processCpuNanos();
        // many senders on the one producer: the sends pipeline, so publishing takes a second or two, not minutes
        ExecutorService senders = Executors.newFixedThreadPool(32);
        for (int i = 0; i < CLIENTS; i++) {
            String userId = "bench-" + i + "-" + ws.id();
            senders.execute(() -> TestEvents.publish(ws.id().toString(), new ClientRegistered(ws.id(),
                    IdentityFixture.uuidV7(), userId, "Client " + userId, null, null, null, Instant.now())));
        }
        senders.shutdown();
        Assertions.assertTrue(senders.awaitTermination(10, TimeUnit.MINUTES), "published");
        long published = System.nanoTime();
        IdentityFixture.awaitProjected(Duration.ofMinutes(60), () -> Db.count(dataSource,
                "select count(*) from conversation where workspace_id = ? and kind = 'CLIENT'", ws.id()) == CLIENTS);
        long projected = System.nanoTime();
        long cpu = processCpuNanos() - cpuAtStart;

        Assertions.assertEquals(CLIENTS, Db.count(dataSource, "select count(*) from message m join conversation c"
                + " on c.id = m.conversation_id where c.workspace_id = ? and c.kind = 'CLIENT'", ws.id()), "one welcome each");
        System.out.printf("%n| %d ClientRegistered, one workspace | measured |%n|---|---|%n"
                        + "| published | %.2f s |%n| last CLIENT conversation exists | %.2f s |%n"
                        + "| identity events projected | %.0f events/s |%n"
                        + "| CPU of this JVM (service, test, publisher) per event | %.2f ms |%n%n",
                CLIENTS, (published - start) / 1e9, (projected - start) / 1e9, CLIENTS / ((projected - start) / 1e9),
                cpu / 1e6 / CLIENTS);
    }

    /**
     * CPU time of this JVM: on a shared machine the wall-clock rate depends on what else runs, the CPU spent per
     * event much less (PostgreSQL's and Kafka's own CPU is not in it).
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
