package dev.parley.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.Api;
import dev.parley.chaos.AttemptLog.Attempt;
import dev.parley.chaos.AttemptLog.Outcome;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Posts messages at a fixed rate (an open model: a stalled system does not slow the sender down), round-robin over
 * the load's conversations, each with its own client message id. A post that failed or got no answer is retried
 * with the SAME client message id, after 0.5, 1, 2, then every 4 s, until it is acknowledged or the give-up time
 * passes; every attempt goes to the {@link AttemptLog}.
 */
final class Load {
    private static final long RETRY_MILLIS = 500;
    private static final int MAX_IN_FLIGHT = 24;

    private final HttpClient http;
    private final String gateway;
    private final String workspaceId;
    private final List<String> conversations;
    private final Supplier<String> token;
    private final AttemptLog log;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "chaos-load");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * At most this many posts on the wire at once: after an outage hundreds of posts are due for a retry, and
     * sending them all at once on 2 cores only turns the outage into an overload of client timeouts.
     */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong lastOkMillis = new AtomicLong();
    private volatile long giveUpAtMillis = Long.MAX_VALUE;
    /** why attempts were not acknowledged (status or exception), counted, for the report */
    private final java.util.Map<String, Integer> failures = new java.util.concurrent.ConcurrentSkipListMap<>();

    Load(HttpClient http, String gateway, String workspaceId, List<String> conversations, Supplier<String> token, AttemptLog log) {
        this.http = http;
        this.gateway = gateway;
        this.workspaceId = workspaceId;
        this.conversations = conversations;
        this.token = token;
        this.log = log;
    }

    /** A running phase of load: {@link #stop()} ends the sending; the retries go on until {@link #drain}. */
    final class Phase {
        private final java.util.concurrent.ScheduledFuture<?> ticker;
        private final AtomicLong sent = new AtomicLong();

        private Phase(String prefix, int rate, int copies) {
            long periodMicros = 1_000_000L / rate;
            ticker = timer.scheduleAtFixedRate(() -> {
                long i = sent.getAndIncrement();
                String conversation = conversations.get((int) (i % conversations.size()));
                for (int copy = 0; copy < copies; copy++) {
                    post(prefix + i, conversation, 1);
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
        }

        void stop() {
            ticker.cancel(false);
        }

        long sent() {
            return sent.get();
        }
    }

    /** Starts sending; {@code copies} > 1 sends each post that many times at once (concurrent duplicates). */
    Phase start(String prefix, int rate, int copies) {
        giveUpAtMillis = Long.MAX_VALUE;
        return new Phase(prefix, rate, copies);
    }

    /** Waits until every message is acknowledged or given up (retries stop at {@code giveUpAfter} from now). */
    int drain(Duration giveUpAfter) throws InterruptedException {
        giveUpAtMillis = System.currentTimeMillis() + giveUpAfter.toMillis();
        while (pending.get() > 0 && System.currentTimeMillis() < giveUpAtMillis + 20_000) {
            Thread.sleep(100);
        }
        return pending.get();
    }

    /** The time of the newest acknowledgement (epoch ms): the fault runner's "recovered" signal. */
    long lastOkMillis() {
        return lastOkMillis.get();
    }

    /** Posts one message now, outside any phase (a probe); returns the outcome. */
    Outcome postOnce(String clientMessageId, String conversation) throws Exception {
        return AttemptLog.outcomeOf(send(clientMessageId, conversation).get(15, TimeUnit.SECONDS).statusCode);
    }

    private record Answer(int statusCode, String body) {
    }

    private java.util.concurrent.CompletableFuture<Answer> send(String clientMessageId, String conversation) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/workspaces/" + workspaceId
                        + "/conversations/" + conversation + "/messages"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.json(java.util.Map.of(
                        "body", AttemptLog.bodyOf(clientMessageId), "clientMessageId", clientMessageId))))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        return new Answer(0, cause.getClass().getSimpleName() + ": " + cause.getMessage());
                    }
                    return new Answer(response.statusCode(), response.body());
                });
    }

    private void post(String clientMessageId, String conversation, int attempt) {
        if (attempt == 1) {
            pending.incrementAndGet();
        }
        attempt(clientMessageId, conversation, attempt);
    }

    private void attempt(String clientMessageId, String conversation, int attempt) {
        if (attempt > 1 && System.currentTimeMillis() >= giveUpAtMillis) {
            pending.decrementAndGet(); // given up while queued: attempted, never acknowledged
            return;
        }
        if (!inFlight.tryAcquire()) {
            // not an attempt yet: wait for a free slot (a queue, not a storm)
            timer.schedule(() -> attempt(clientMessageId, conversation, attempt), 50, TimeUnit.MILLISECONDS);
            return;
        }
        send(clientMessageId, conversation).whenComplete((a, f) -> inFlight.release()).thenAccept(answer -> {
            Outcome outcome = AttemptLog.outcomeOf(answer.statusCode());
            String messageId = null;
            long seq = 0;
            if (outcome == Outcome.OK) {
                try {
                    JsonNode message = Api.read(answer.body());
                    messageId = message.path("id").asText();
                    seq = message.path("seq").asLong();
                } catch (RuntimeException e) {
                    outcome = Outcome.UNKNOWN; // a 2xx without a readable message is no acknowledgement
                }
            }
            long now = System.currentTimeMillis();
            if (outcome != Outcome.OK) {
                String why = answer.statusCode() == 0 ? answer.body() : "HTTP " + answer.statusCode();
                failures.merge(why.length() > 120 ? why.substring(0, 120) : why, 1, Integer::sum);
            }
            log.write(new Attempt(now, clientMessageId, conversation, attempt, outcome, answer.statusCode(), messageId, seq));
            if (outcome == Outcome.OK) {
                lastOkMillis.accumulateAndGet(now, Math::max);
                pending.decrementAndGet();
            } else if (now + RETRY_MILLIS < giveUpAtMillis) {
                // backoff 0.5, 1, 2, 4 s: retries must not become the overload that keeps the system down
                long delay = RETRY_MILLIS << Math.min(attempt - 1, 3);
                timer.schedule(() -> attempt(clientMessageId, conversation, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } else {
                pending.decrementAndGet(); // given up: attempted, never acknowledged
            }
        });
    }

    /** The reasons attempts failed since the last call, most frequent first, and forgets them. */
    List<String> takeFailures() {
        List<String> top = failures.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                .map(e -> e.getValue() + "× " + e.getKey()).toList();
        failures.clear();
        return top;
    }

    void close() {
        timer.shutdownNow();
    }
}
