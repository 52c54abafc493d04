package dev.parley.notification.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.problem.ProblemException;
import dev.parley.notification.Notification;
import dev.parley.notification.repository.SqlTimes;
import dev.parley.notification.service.PreferenceService;
import dev.parley.notification.service.RecipientAccess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SMS and push hand-off: each workspace may configure a provider bridge (URL + secret); every notification that a
 * person's preferences allow on SMS or push becomes a bridge_delivery row in the notification's own transaction,
 * and a scheduler POSTs it, signed (see {@link BridgeSignature}), with retries and exponential backoff driven from
 * the table. PRIVATE conversations never go by SMS; SMS needs a client's valid (E.164) mobile number. Right before
 * each POST the hand-off is asked again: muted since, channel turned off since, or the person may no longer read
 * the conversation ({@link RecipientAccess}) → dropped for good, never sent.
 *
 * <p>Delivery is at least once: the POST happens while the row is locked, and a crash after the bridge answered
 * but before the commit sends it again with the same {@code X-Parley-Delivery-Id}, on which the bridge deduplicates
 * (CrashBetweenSendAndRecordTest).
 */
@ApplicationScoped
public class BridgeService {
    private static final Logger LOG = Logger.getLogger(BridgeService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager entityManager;
    private final IdentityDirectory directory;
    private final PreferenceService preferences;
    private final RecipientAccess access;
    private final Config config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ConfigMapping(prefix = "parley.notification.bridge")
    public interface Config {
        @WithDefault("2000")
        long backoffBaseMillis();

        @WithDefault("3600000")
        long backoffMaxMillis();

        @WithDefault("10")
        int maxAttempts();

        @WithDefault("5s")
        String pollEvery();

        /**
         * How long after a message a missing participation may still be the participant projection lagging behind
         * (conversation events are consumed apart from message events): within it a hand-off that only a
         * participation would allow is asked again; after it, no ParticipantAdded seen means not a participant.
         */
        @WithDefault("PT2M")
        Duration participationGrace();
    }

    public BridgeService(EntityManager entityManager, IdentityDirectory directory, PreferenceService preferences,
                         RecipientAccess access, Config config) {
        this.access = access;
        this.entityManager = entityManager;
        this.directory = directory;
        this.preferences = preferences;
        this.config = config;
    }

    public record BridgeSettings(String url, boolean secretSet) {
    }

    @Transactional
    public Optional<BridgeSettings> settings(UUID workspaceId, String caller) {
        requireSettingsManage(workspaceId, caller);
        return bridge(workspaceId).map(b -> new BridgeSettings(b.url(), true));
    }

    @Transactional
    public BridgeSettings configure(UUID workspaceId, String caller, String url, String secret) {
        requireSettingsManage(workspaceId, caller);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("url", "not a URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw ProblemException.invalid("url", "must be an http(s) URL");
        }
        entityManager.createNativeQuery("""
                        insert into provider_bridge (workspace_id, url, secret, updated_at) values (:ws, :url, :secret, now())
                        on conflict (workspace_id) do update set url = excluded.url, secret = excluded.secret,
                            updated_at = excluded.updated_at""")
                .setParameter("ws", workspaceId).setParameter("url", url).setParameter("secret", secret)
                .executeUpdate();
        return new BridgeSettings(url, true);
    }

    private void requireSettingsManage(UUID workspaceId, String caller) {
        Principal principal = directory.principal(workspaceId, caller)
                .orElseThrow(() -> ProblemException.notFound("workspace"));
        if (!(principal instanceof MemberPrincipal member) || !member.has(Permission.SETTINGS_MANAGE)) {
            throw ProblemException.forbidden("configuring the provider bridge needs settings.manage");
        }
    }

    private record Bridge(String url, String secret) {
    }

    private Optional<Bridge> bridge(UUID workspaceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select url, secret from provider_bridge where workspace_id = :ws")
                .setParameter("ws", workspaceId).getResultList();
        return rows.stream().findFirst().map(r -> new Bridge((String) r[0], (String) r[1]));
    }

    /** Called in the transaction that created the notification: queue what this person's preferences allow. */
    public void enqueue(Notification n) {
        if (bridge(n.workspaceId()).isEmpty()) {
            return;
        }
        PreferenceService.Preferences prefs = preferences.of(n.workspaceId(), n.userId());
        Optional<Principal> person = directory.principal(n.workspaceId(), n.userId());
        if (person.isEmpty()) {
            return;
        }
        String mobile = person.get() instanceof ClientPrincipal client ? client.mobile() : null;
        if (prefs.sms() && !"PRIVATE".equals(n.conversationKind()) && BridgeSignature.validMobile(mobile)) {
            insert(n, "SMS", mobile);
        }
        if (prefs.push()) {
            insert(n, "PUSH", null);
        }
    }

    private void insert(Notification n, String channel, String to) {
        UUID id = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("deliveryId", id.toString());
        payload.put("channel", channel);
        payload.put("workspaceId", n.workspaceId().toString());
        payload.put("userId", n.userId());
        if (to != null) {
            payload.put("to", to);
        }
        payload.put("conversationId", n.conversationId().toString());
        payload.put("conversationKind", n.conversationKind());
        payload.put("messageId", n.messageId().toString());
        payload.put("preview", n.preview());
        payload.put("createdAt", n.createdAt().toString());
        String body;
        try {
            body = JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        entityManager.createNativeQuery("""
                        insert into bridge_delivery (id, workspace_id, notification_id, channel, payload, next_attempt_at)
                        values (:id, :ws, :notification, :channel, :payload, now())
                        on conflict (notification_id, channel) do nothing""")
                .setParameter("id", id).setParameter("ws", n.workspaceId()).setParameter("notification", n.id())
                .setParameter("channel", channel).setParameter("payload", body)
                .executeUpdate();
    }

    @Scheduled(identity = "bridge-deliveries", every = "${parley.notification.bridge.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deliverDue() {
        for (int i = 0; i < 100; i++) {
            try {
                if (!QuarkusTransaction.requiringNew().call(this::deliverOneDue)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "a bridge delivery failed to update; it stays due");
                return;
            }
        }
    }

    boolean deliverOneDue() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select d.id, d.payload, d.attempts, b.url, b.secret, d.notification_id, d.channel from bridge_delivery d
                        join provider_bridge b on b.workspace_id = d.workspace_id
                        where d.delivered_at is null and d.failed_at is null and d.next_attempt_at <= now()
                        order by d.next_attempt_at limit 1 for update of d skip locked""")
                .getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.get(0);
        UUID id = (UUID) row[0];
        String payload = (String) row[1];
        int attempts = ((Number) row[2]).intValue() + 1;
        Instant now = Instant.now();
        Hold hold = hold(entityManager.find(Notification.class, row[5]), (String) row[6]);
        if (hold != null && !hold.askAgain()) {
            LOG.infof("bridge delivery %s not sent: %s", id, hold.reason());
            entityManager.createNativeQuery("update bridge_delivery set failed_at = :now, last_error = :e where id = :id")
                    .setParameter("now", SqlTimes.utc(now)).setParameter("e", "skipped: " + hold.reason())
                    .setParameter("id", id).executeUpdate();
            return true;
        }
        String error = hold != null ? hold.reason() : post((String) row[3], (String) row[4], id, payload);
        if (error == null) {
            entityManager.createNativeQuery("update bridge_delivery set attempts = :a, delivered_at = :now, last_error = null where id = :id")
                    .setParameter("a", attempts).setParameter("now", SqlTimes.utc(now)).setParameter("id", id).executeUpdate();
        } else if (attempts >= config.maxAttempts()) {
            LOG.warnf("bridge delivery %s gave up after %d attempts: %s", id, attempts, error);
            entityManager.createNativeQuery("update bridge_delivery set attempts = :a, failed_at = :now, last_error = :e where id = :id")
                    .setParameter("a", attempts).setParameter("now", SqlTimes.utc(now)).setParameter("e", error)
                    .setParameter("id", id).executeUpdate();
        } else {
            long wait = BridgeSignature.backoffMillis(attempts, config.backoffBaseMillis(), config.backoffMaxMillis());
            LOG.infof("bridge delivery %s attempt %d failed (%s); next in %d ms", id, attempts, error, wait);
            entityManager.createNativeQuery("update bridge_delivery set attempts = :a, next_attempt_at = :next, last_error = :e where id = :id")
                    .setParameter("a", attempts).setParameter("next", SqlTimes.utc(now.plusMillis(wait))).setParameter("e", error)
                    .setParameter("id", id).executeUpdate();
        }
        return true;
    }

    /** Why a hand-off must not go now; askAgain when a later attempt may find it allowed. */
    private record Hold(String reason, boolean askAgain) {
    }

    /**
     * Asked when the hand-off is about to go, not when it was queued: a mute, a channel turned off or a loss of
     * access since the notification was made holds it back for good; a participation not yet projected is asked
     * again with the usual backoff.
     */
    private Hold hold(Notification n, String channel) {
        if (n == null) {
            return new Hold("the notification is gone", false);
        }
        PreferenceService.Preferences prefs = preferences.of(n.workspaceId(), n.userId());
        if (prefs.muted(n.conversationId())) {
            return new Hold("conversation muted", false);
        }
        if ("SMS".equals(channel) ? !prefs.sms() : !prefs.push()) {
            return new Hold(channel + " turned off", false);
        }
        return switch (access.of(n)) {
            case MAY_READ -> null;
            case NO_ACCESS -> new Hold("no access to the conversation any more", false);
            case NOT_YET_KNOWN -> Instant.now().isBefore(n.createdAt().plus(config.participationGrace()))
                    ? new Hold("participation not yet known", true)
                    : new Hold("no access to the conversation any more (no participation seen)", false);
        };
    }

    /** Null when the bridge took it (2xx), else what went wrong. */
    private String post(String url, String secret, UUID deliveryId, String payload) {
        long timestamp = Instant.now().getEpochSecond();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Parley-Delivery-Id", deliveryId.toString())
                    .header("X-Parley-Timestamp", Long.toString(timestamp))
                    .header("X-Parley-Signature", BridgeSignature.sign(secret, timestamp, payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
