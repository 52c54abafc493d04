package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * S6: one announcement to N clients, from the publish request until announcement-service counts every recipient
 * delivered (it counts a recipient when conversation-service's MessagePosted for their CLIENT conversation arrives),
 * so the figure covers publish → DeliveryRequested batches → N messages stored → N MessagePosted consumed.
 *
 * <p>The N clients are added through the real API in a workspace of their own (identity-permission-service creates
 * each one's Keycloak user, conversation-service their CLIENT conversation from ClientRegistered); the set-up time is
 * reported separately and is not part of the figure.
 */
final class AnnouncementFanOut {
    record Result(int clients, double setUpSeconds, int recipients, int delivered, double seconds, boolean complete,
                  String stages) {
    }

    private AnnouncementFanOut() {
    }

    static Result run(Api api, Backlog backlog, Api.Person owner, String runId, int clients, int timeoutSeconds) throws Exception {
        long setUpStart = System.nanoTime();
        String workspace = "/api/v1/workspaces/" + api.call("POST", "/api/v1/workspaces", owner.token(),
                Map.of("name", "Bench S6 " + runId), 201).get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> added = new ArrayList<>();
        // the set-up outlives one access token (5 minutes): each call asks for the token when it runs, not when
        // it is queued (submitting the 10,000 calls takes no time; running them takes minutes)
        FreshToken token = new FreshToken(owner);
        for (int i = 0; i < clients; i++) {
            String name = "s6-" + runId + "-" + i;
            String displayName = "S6 client " + i;
            added.add(pool.submit(() -> api.call("POST", workspace + "/clients", token.get(),
                    Map.of("email", name + "@bench.parley.local", "displayName", displayName), 201).get("id").asText()));
        }
        String lastClient = null;
        for (Future<String> f : added) {
            lastClient = f.get();
        }
        pool.shutdown();
        Bench.log("S6: " + clients + " clients added; waiting for the last one's CLIENT conversation");
        // identity events are keyed by workspace, so they arrive in order: the last client's conversation means all
        Bench.awaitClientConversation(api, owner, workspace, lastClient, timeoutSeconds);
        // the other consumers (notification-service, announcement-service) project the registrations too
        backlog.awaitEmpty("S6 set-up", timeoutSeconds);
        double setUp = (System.nanoTime() - setUpStart) / 1e9;

        String id = api.call("POST", workspace + "/announcements", owner.token(), Map.of(
                "body", "S6 announcement " + runId, "audience", Map.of("kind", "ALL_CLIENTS"), "delivery", "DIRECT"), 201)
                .get("id").asText();
        Bench.log("S6: publishing to all clients");
        long start = System.nanoTime();
        Stages stages = new Stages(UUID.fromString(id), clients, start);
        stages.start();
        api.call("POST", workspace + "/announcements/" + id + "/publish", owner.token(), Map.of(), 200);
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int recipients = 0;
        int delivered = 0;
        String bearer = owner.token();
        while (System.nanoTime() < deadline) {
            JsonNode stats = api.call("GET", workspace + "/announcements/" + id, bearer, null, 200).path("stats");
            recipients = stats.path("recipients").asInt();
            delivered = stats.path("delivered").asInt();
            if (recipients > 0 && delivered >= recipients) {
                break;
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stages.interrupt();
        stages.join();
        boolean complete = recipients == clients && delivered >= recipients;
        Bench.log(String.format(Locale.ROOT, "S6: %d of %d recipients delivered after %.1f s", delivered, recipients, seconds));
        return new Result(clients, setUp, recipients, delivered, seconds, complete, stages.describe());
    }

    /**
     * Where the time goes, sampled from conversation-service's tables every 250 ms: when the last of the messages was
     * stored, how many outbox rows (events not yet relayed to Kafka) waited at most, and when none was left after the
     * last message was stored. The rest, up to the figure, is the consumers of parley.messages.v1.
     */
    private static final class Stages extends Thread {
        private static final String SAMPLE = "select (select count(*) from conversation.message where announcement_id = ?),"
                + " (select count(*) from conversation.outbox_event)";
        private final UUID announcementId;
        private final int clients;
        private final long start;
        private volatile double stored = Double.NaN;
        private volatile double relayed = Double.NaN;
        private volatile long outboxPeak;

        Stages(UUID announcementId, int clients, long start) {
            super("s6-stages");
            this.announcementId = announcementId;
            this.clients = clients;
            this.start = start;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (Connection c = Baselines.connect(); PreparedStatement q = c.prepareStatement(SAMPLE)) {
                q.setObject(1, announcementId);
                while (!isInterrupted()) {
                    try (ResultSet rows = q.executeQuery()) {
                        rows.next();
                        double at = (System.nanoTime() - start) / 1e9;
                        long outbox = rows.getLong(2);
                        outboxPeak = Math.max(outboxPeak, outbox);
                        if (Double.isNaN(stored) && rows.getLong(1) >= clients) {
                            stored = at;
                        }
                        if (!Double.isNaN(stored) && Double.isNaN(relayed) && outbox == 0) {
                            relayed = at;
                        }
                    }
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                // the figure is in
            } catch (Exception e) {
                Bench.log("S6: stage sampling stopped: " + e);
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "all %,d messages stored after %.1f s; outbox rows waiting at most %,d, none left after %.1f s"
                    + " (sampled every 250 ms from conversation-service's tables); the rest is the consumers of parley.messages.v1",
                    clients, stored, outboxPeak, relayed);
        }
    }
}
