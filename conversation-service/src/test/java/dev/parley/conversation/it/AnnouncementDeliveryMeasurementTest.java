package dev.parley.conversation.it;

import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The conversation side of an announcement to 10,000 clients (DESIGN section 8: fully delivered in 30 s, end to
 * end): 10,000 clients registered (each with their CLIENT conversation), then the 20 AnnouncementDeliveryRequested
 * batches of 500 the announcement service would publish, all at once; measured is the time from the first publish
 * until all 10,000 ANNOUNCEMENT messages are stored. Off by default (registering 10,000 clients takes minutes); run
 * with
 * {@code mvn -B verify -pl events,auth,common,conversation-service -Dtest=AnnouncementDeliveryMeasurementTest
 * -Dparley.bench.announcement=true -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dparley.bench.clients=N} for
 * another size).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@EnabledIfSystemProperty(named = "parley.bench.announcement", matches = "true")
class AnnouncementDeliveryMeasurementTest {
    private static final int CLIENTS = Integer.getInteger("parley.bench.clients", 10_000);
    private static final int BATCH = 500;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void deliverToTenThousandClients() {
        TestPerson author = Keycloak.person("Bench");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(author);
        List<AnnouncementDeliveryRequested.Recipient> recipients = new ArrayList<>();
        long registering = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            String userId = "bench-" + i + "-" + ws.id();
            recipients.add(new AnnouncementDeliveryRequested.Recipient(
                    ws.client(userId, "Client " + i, null, null, null), userId));
        }
        IdentityFixture.awaitProjected(Duration.ofMinutes(20), () -> Db.count(dataSource,
                "select count(*) from conversation where workspace_id = ? and kind = 'CLIENT'", ws.id()) == CLIENTS);
        System.out.printf("registered %d clients, their CLIENT conversations created, in %.1f s%n", CLIENTS,
                (System.nanoTime() - registering) / 1e9);

        UUID announcementId = IdentityFixture.uuidV7();
        int batches = (CLIENTS + BATCH - 1) / BATCH;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            TestEvents.publish(announcementId.toString(), new AnnouncementDeliveryRequested(ws.id(), announcementId,
                    author.userId(), "To everyone", List.of(), true, "DIRECT", null, b + 1, batches,
                    recipients.subList(b * BATCH, Math.min(CLIENTS, (b + 1) * BATCH))));
        }
        long published = System.nanoTime();
        IdentityFixture.awaitProjected(Duration.ofMinutes(10), () -> Db.count(dataSource,
                "select count(*) from message where announcement_id = ?", announcementId) >= CLIENTS);
        long stored = System.nanoTime();

        Assertions.assertEquals(CLIENTS, Db.count(dataSource,
                "select count(distinct conversation_id) from message where announcement_id = ?", announcementId));
        Assertions.assertEquals(CLIENTS, Db.count(dataSource,
                "select count(*) from message where announcement_id = ?", announcementId), "one message each");
        System.out.printf("%n| conversation side, %d recipients in %d batches | measured | DESIGN target |%n|---|---|---|%n"
                        + "| %d AnnouncementDeliveryRequested published | %.2f s | |%n"
                        + "| all %d ANNOUNCEMENT messages stored | %.2f s | 30 s end to end |%n"
                        + "| per batch of %d | %.0f ms | |%n%n",
                CLIENTS, batches, batches, (published - start) / 1e9, CLIENTS, (stored - start) / 1e9, BATCH,
                (stored - start) / 1e6 / batches);
    }
}
