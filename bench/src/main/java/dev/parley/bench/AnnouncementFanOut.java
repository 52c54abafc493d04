package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    record Result(int clients, double setUpSeconds, int recipients, int delivered, double seconds, boolean complete) {
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
        boolean complete = recipients == clients && delivered >= recipients;
        Bench.log(String.format(java.util.Locale.ROOT, "S6: %d of %d recipients delivered after %.1f s", delivered, recipients, seconds));
        return new Result(clients, setUp, recipients, delivered, seconds, complete);
    }
}
