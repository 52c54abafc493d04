package dev.parley.announcement;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static dev.parley.announcement.Announcements.createDraft;
import static dev.parley.announcement.Announcements.draft;
import static dev.parley.announcement.Announcements.of;

/**
 * Fan-out to 10,000 clients: time from the publish request to the last AnnouncementDeliveryRequested on the topic
 * (DESIGN section 8: an announcement to 10,000 clients fully delivered in 30 s). Off by default (it registers
 * 10,000 clients in the projection first); run with
 * {@code mvn -B verify -pl announcement-service -Dtest=FanOutMeasurementTest -Dparley.bench.announcement=true}.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@EnabledIfSystemProperty(named = "parley.bench.announcement", matches = "true")
class FanOutMeasurementTest {
    private static final int CLIENTS = Integer.getInteger("parley.bench.clients", 10_000);

    @Inject
    IdentityDirectory directory;

    @Test
    void fanOutToTenThousandClients() {
        TestPerson sender = Keycloak.person("Bench");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.member(sender, Permission.ANNOUNCEMENTS_SEND);
        long registering = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            ws.client("bench-" + i + "-" + ws.id(), "Client " + i, null, null, null);
        }
        IdentityFixture.awaitProjected(Duration.ofMinutes(10), () -> directory.clients(ws.id()).size() == CLIENTS
                && directory.principal(ws.id(), sender.userId()).isPresent());
        System.out.printf("registered and projected %d clients in %.1f s%n", CLIENTS,
                (System.nanoTime() - registering) / 1e9);

        UUID id = createDraft(sender, ws.id(), draft("To everyone", "ALL_CLIENTS", null, "DIRECT"));
        int batches = (CLIENTS + 499) / 500;
        try (TopicWatcher topic = TopicWatcher.open(Topics.ANNOUNCEMENTS)) {
            long start = System.nanoTime();
            Announcements.publish(sender, ws.id(), id, null).statusCode(200);
            long answered = System.nanoTime();
            var records = topic.await(of(EventCatalog.ANNOUNCEMENT_DELIVERY_REQUESTED, id), batches,
                    Duration.ofSeconds(120), Duration.ZERO);
            long allOnTopic = System.nanoTime();
            Set<UUID> recipients = new HashSet<>();
            records.forEach(r -> EventJson.read(r.value(), AnnouncementDeliveryRequested.class).recipients()
                    .forEach(x -> recipients.add(x.clientId())));
            Assertions.assertEquals(CLIENTS, recipients.size());
            System.out.printf("%n| fan-out to %d clients | measured | DESIGN target |%n|---|---|---|%n"
                            + "| publish request answered | %.2f s | |%n"
                            + "| all %d AnnouncementDeliveryRequested on the topic | %.2f s | 30 s (fully delivered) |%n%n",
                    CLIENTS, (answered - start) / 1e9, batches, (allOnTopic - start) / 1e9);
        }
    }
}
