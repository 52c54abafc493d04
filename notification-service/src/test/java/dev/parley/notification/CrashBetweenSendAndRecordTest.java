package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash between consuming and sending loses nothing and doubles nothing that Parley records, with real parts: the
 * push hand-off is claimed and POSTed to a real bridge on loopback, and at the moment the bridge has the request in
 * hand the service's database connection is killed (pg_terminate_backend: to PostgreSQL, exactly what a crash of the
 * service between the send and its commit looks like). The claim rolls back, the next run sends again with the same
 * X-Parley-Delivery-Id, records it, and nothing further goes. Then the MessagePosted event itself is delivered once
 * more (same ce_id): no second notification, no second hand-off.
 *
 * <p>So the guarantee to the provider bridge is at least once with an idempotency key, exactly once after the
 * bridge deduplicates on that key; inside Parley (notification, NotificationCreated, digest schedule, hand-off row)
 * exactly once, because they commit in the consumer's transaction with the event id.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class CrashBetweenSendAndRecordTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final IdentityFixture.Workspace ws = IdentityFixture.workspace();
    private final TestPerson owner = Keycloak.person("Olivia");
    private final TestPerson sam = Keycloak.person("Sam");
    private final TestPerson mia = Keycloak.person("Mia");
    private final List<String> deliveryIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger crashes = new AtomicInteger();
    private TestBridge bridge;

    @Inject
    IdentityDirectory directory;
    @Inject
    ConversationEvents conversations;
    @Inject
    TestDatabase database;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "parley.schema")
    String schema;

    @AfterEach
    void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void theServiceDiesAfterTheBridgeGotTheHandOffAndTheNextRunSendsItOnceMore() throws Exception {
        ws.owner(owner);
        ws.member(sam);
        ws.member(mia);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), mia.userId()).isPresent()
                && directory.principal(ws.id(), owner.userId()).isPresent());
        bridge = TestBridge.start(ws.id(), owner, "crash-test-secret", (exchange, body) -> {
            deliveryIds.add(exchange.getRequestHeaders().getFirst("X-Parley-Delivery-Id"));
            if (deliveryIds.size() == 1) {
                crashes.addAndGet(killTheClaimingTransaction());
            }
            return 200;
        });
        UUID room = UUID.randomUUID();
        conversations.added(ws.id(), room, "GROUP", false, mia);

        MessagePosted posted = new MessagePosted(ws.id(), room, "GROUP", null, UUID.randomUUID(), 1, "TEXT",
                new MessageSender(sam.userId(), "MEMBER", sam.displayName()), "Can you cover Saturday?", List.of(),
                false, null, null, Instant.now(), List.of(sam.userId(), mia.userId()));
        UUID eventId = UUID.randomUUID();
        TestEvents.publish(eventId, room.toString(), posted);

        await().atMost(WAIT).until(() -> delivered() == 1);
        assertEquals(1, crashes.get(), "the service's transaction was killed while the bridge held the first request");
        assertEquals(2, deliveryIds.size(), "sent again after the crash: " + deliveryIds);
        assertEquals(deliveryIds.get(0), deliveryIds.get(1), "with the same idempotency key");
        assertEquals(1, database.count("select attempts from bridge_delivery where workspace_id = ?1", ws.id()),
                "the rolled-back attempt left no trace");

        // the same MessagePosted once more (a redelivery after a consumer crash before its offset commit)
        TestEvents.publish(eventId, room.toString(), posted);
        MessagePosted later = new MessagePosted(ws.id(), room, "GROUP", null, UUID.randomUUID(), 2, "TEXT",
                new MessageSender(sam.userId(), "MEMBER", sam.displayName()), "Never mind", List.of(), false, null,
                null, Instant.now(), List.of(sam.userId(), mia.userId()));
        TestEvents.publish(room.toString(), later); // same key, after the redelivery: once it is handed off, so was that
        await().atMost(WAIT).until(() -> delivered() == 2);
        assertEquals(2, database.count("select count(*) from notification where workspace_id = ?1", ws.id()),
                "one notification per message, whatever the delivery count of the event");
        assertEquals(2, database.count("select count(*) from bridge_delivery where workspace_id = ?1", ws.id()));
        assertEquals(3, deliveryIds.size(), "nothing more went to the bridge: " + deliveryIds);
    }

    private long delivered() {
        return database.count("select count(*) from bridge_delivery where workspace_id = ?1 and delivered_at is not null", ws.id());
    }

    /**
     * Terminates the database session that holds this test schema's bridge_delivery claim (FOR UPDATE takes a
     * RowShareLock on the table; only the hand-off scheduler takes one, and only one run at a time).
     */
    private int killTheClaimingTransaction() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select pg_terminate_backend(pid) from pg_locks
                     where relation = to_regclass(?) and mode = 'RowShareLock' and granted and pid <> pg_backend_pid()""")) {
            statement.setString(1, schema + ".bridge_delivery");
            int killed = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    assertTrue(rs.getBoolean(1));
                    killed++;
                }
            }
            return killed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
