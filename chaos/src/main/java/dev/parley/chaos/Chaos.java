package dev.parley.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.bench.Api;
import dev.parley.chaos.AttemptLog.Attempt;
import dev.parley.chaos.AttemptLog.Outcome;
import dev.parley.chaos.Checker.Evidence;
import dev.parley.chaos.Checker.PostedEvent;
import dev.parley.chaos.Checker.Result;
import dev.parley.chaos.Checker.StoredMessage;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The chaos run (chaos/run starts it; see chaos/README.md): set-up through the real API, then for each fault
 * load → fault → heal → drain → check, one table row per fault, written to chaos/results/.
 */
public final class Chaos {
    private final Path root;
    private final Map<String, String> options;
    private final boolean quick;
    private final int rate;
    private final Suite suite;
    private final String runId = "chaos" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    static final String GATEWAY = "http://127.0.0.1:8080";
    private final Api api;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-token");
        t.setDaemon(true);
        return t;
    });

    private Api.Person owner;
    private volatile String token;
    private String workspaceId;
    private final List<String> conversations = new ArrayList<>();
    private final Map<String, String> clientUserByConversation = new HashMap<>();
    private Set<String> consumers = Set.of();
    private boolean notificationsExpected;
    private Observer observer;
    private Load load;
    private Path attemptFile;

    private Chaos(Map<String, String> options) throws Exception {
        this.options = options;
        this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.quick = options.containsKey("quick");
        this.rate = Integer.parseInt(options.getOrDefault("rate", quick ? "5" : "10"));
        this.suite = new Suite(root);
        this.api = new Api(http, GATEWAY);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> faults = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                String[] kv = arg.substring(2).split("=", 2);
                options.put(kv[0], kv.length > 1 ? kv[1] : "true");
            } else {
                faults.add(arg);
            }
        }
        System.exit(new Chaos(options).run(faults));
    }

    static void log(String message) {
        System.err.printf("[%s] chaos: %s%n", Instant.now().toString().substring(11, 19), message);
    }

    // ------------------------------------------------------------------ the run

    private int run(List<String> selected) throws Exception {
        Map<String, Fault> all = Fault.all(this);
        List<Fault> faults = new ArrayList<>();
        for (String name : selected.isEmpty() ? all.keySet() : selected) {
            Fault fault = all.get(name);
            if (fault == null) {
                throw new IllegalArgumentException("unknown fault " + name + "; faults: " + all.keySet());
            }
            faults.add(fault);
        }
        Instant started = Instant.now();
        attemptFile = root.resolve("chaos/target/attempts-" + runId + ".tsv");
        setUp();
        List<Row> rows = new ArrayList<>();
        try (AttemptLog attempts = new AttemptLog(attemptFile); Observer tap = new Observer(workspaceId)) {
            observer = tap;
            load = new Load(http, GATEWAY, workspaceId, conversations, () -> token, attempts);
            warmUp();
            for (Fault fault : faults) {
                Row row;
                try {
                    row = runFault(fault);
                } catch (Exception e) {
                    log(fault.name() + " could not run: " + e);
                    row = new Row(fault, null, 0, 0, 0, List.of(), List.of("the fault run itself failed: " + e));
                    try {
                        suite.stackUp();
                        suite.servicesUp();
                    } catch (Exception again) {
                        log("and bringing the suite back failed too: " + again);
                    }
                }
                rows.add(row);
                log(row.plain());
                Report.write(this, started, rows, all.keySet());
            }
            load.close();
        } finally {
            refresher.shutdownNow();
        }
        Path out = Report.write(this, started, rows, all.keySet());
        System.out.println(Report.table(rows));
        log("written " + root.relativize(out) + "; attempt log " + root.relativize(attemptFile));
        return rows.stream().allMatch(Row::asExpected) ? 0 : 1;
    }

    /** One fault: load, inject and heal (the fault's own steps), stop the load, drain, collect, check. */
    private Row runFault(Fault fault) throws Exception {
        String prefix = runId + "-" + fault.name() + "-";
        Fault.Outcome outcome = new Fault.Outcome();
        log(fault.name() + ": load at " + rate + "/s");
        Load.Phase phase = load.start(prefix, rate, fault.copies());
        long injected;
        try {
            sleep(quick ? 3 : 5);
            injected = System.currentTimeMillis();
            fault.steps().run(outcome);
            outcome.healedAt = outcome.healedAt == 0 ? System.currentTimeMillis() : outcome.healedAt;
            log(fault.name() + ": healed after " + (outcome.healedAt - injected) + " ms; load goes on");
            sleep(quick ? 3 : 5);
        } finally {
            phase.stop(); // also when the fault's steps failed: the next fault must not run under two loads
        }
        int unsettled = load.drain(Duration.ofSeconds(150));
        if (unsettled > 0) {
            outcome.notes.add(unsettled + " posts still unanswered after the retries gave up");
        }
        List<String> failures = load.takeFailures();
        if (!failures.isEmpty()) {
            outcome.notes.add("why attempts were not acknowledged: " + String.join("; ", failures));
        }
        long drainStart = System.currentTimeMillis();
        waitDrained(prefix);
        long drained = System.currentTimeMillis() - drainStart;
        if (fault.afterDrain() != null) {
            fault.afterDrain().run(outcome);
        }
        Evidence evidence = collect(prefix, outcome);
        Result result = Checker.check(evidence);
        List<Attempt> mine = evidence.attempts().stream().filter(a -> a.clientMessageId().startsWith(prefix)).toList();
        List<String> problems = new ArrayList<>(result.problems());
        problems.addAll(outcome.problems);
        List<String> notes = new ArrayList<>(outcome.notes);
        notes.add("drained " + drained + " ms after the load stopped");
        return new Row(fault, result, recoveryMillis(mine, outcome.healedAt), longestGap(mine, injected),
                mine.stream().filter(a -> a.outcome() != Outcome.OK).count(), notes, problems);
    }

    /** Until the outboxes are empty, the consumers' lag is 0 and every stored message of the fault is on the topic. */
    private void waitDrained(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                long outbox = observer.outbox();
                long lag = Observer.lag();
                Set<String> published = observer.events().stream().map(PostedEvent::messageId).collect(Collectors.toSet());
                long unpublished = observer.messages(conversations).stream()
                        .filter(m -> m.clientMessageId() != null && m.clientMessageId().startsWith(prefix))
                        .filter(m -> !published.contains(m.id())).count();
                if (outbox == 0 && lag == 0 && unpublished == 0) {
                    Thread.sleep(1000); // the consumers commit the effect before the offset: let the last ones land
                    return;
                }
                last = "outbox " + outbox + ", lag " + lag + ", unpublished " + unpublished;
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        log("not drained after 120 s (" + last + "); checking anyway");
    }

    private Evidence collect(String prefix, Fault.Outcome outcome) throws Exception {
        List<Attempt> attempts = AttemptLog.read(attemptFile);
        Observer.Snapshot snapshot = observer.snapshot(conversations);
        List<StoredMessage> messages = snapshot.messages();
        List<PostedEvent> events = observer.events();
        Set<String> eventIds = events.stream().map(PostedEvent::eventId).collect(Collectors.toSet());
        Map<String, Set<String>> applied = new TreeMap<>(observer.applied(eventIds));
        applied.keySet().retainAll(consumers);
        consumers.forEach(c -> applied.putIfAbsent(c, Set.of()));
        List<String> messageIds = messages.stream().map(StoredMessage::id).toList();
        Map<String, Integer> notifications = notificationsExpected
                ? observer.notifications(messageIds, clientUserByConversation) : null;
        Map<String, Long> deadLettered = new TreeMap<>();
        if (!outcome.poisonSent.isEmpty()) {
            Map<String, Long> after = Observer.sizes(outcome.deadLettersBefore.keySet());
            after.forEach((topic, size) -> deadLettered.put(topic, size - outcome.deadLettersBefore.get(topic)));
        }
        return new Evidence(prefix, attempts, owner.userId(), snapshot.lastSeq(), messages, events,
                applied, notifications, outcome.poisonSent, deadLettered, Observer.lag(), observer.outbox());
    }

    /** From the heal to the first acknowledgement after it (0 when the load was never interrupted). */
    private static long recoveryMillis(List<Attempt> attempts, long healedAt) {
        return attempts.stream().filter(a -> a.outcome() == Outcome.OK && a.atMillis() >= healedAt)
                .mapToLong(a -> a.atMillis() - healedAt).min().orElse(-1);
    }

    /** The longest stretch without any acknowledgement, from the injection on. */
    private static long longestGap(List<Attempt> attempts, long injected) {
        long previous = injected;
        long longest = 0;
        for (long at : attempts.stream().filter(a -> a.outcome() == Outcome.OK && a.atMillis() >= injected)
                .mapToLong(Attempt::atMillis).sorted().toArray()) {
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return longest;
    }

    // ------------------------------------------------------------------ set-up

    private void setUp() throws Exception {
        int clients = Integer.parseInt(options.getOrDefault("conversations", quick ? "4" : "6"));
        log("set-up: owner, workspace, " + clients + " clients (run " + runId + ")");
        owner = api.person(runId, "Owner");
        token = owner.token();
        // tokens live 5 minutes; the run is longer. A refresh that fails (Keycloak down) keeps the valid token.
        refresher.scheduleWithFixedDelay(() -> {
            try {
                token = owner.token();
            } catch (RuntimeException e) {
                log("token refresh failed, keeping the current token: " + e.getMessage());
            }
        }, 60, 60, TimeUnit.SECONDS);
        workspaceId = api.call("POST", "/api/v1/workspaces", token, Map.of("name", "Chaos " + runId), 201).get("id").asText();
        for (int i = 0; i < clients; i++) {
            Api.Person client = api.person(runId, "Client" + i);
            String clientId = api.call("POST", ws("/clients"), token,
                    Map.of("email", client.email(), "displayName", client.displayName()), 201).get("id").asText();
            String conversation = awaitConversation(clientId);
            conversations.add(conversation);
            clientUserByConversation.put(conversation, client.userId());
        }
    }

    private String awaitConversation(String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                JsonNode items = api.call("GET", ws("/conversations?kind=CLIENT&clientId=" + clientId), token, null, 200).path("items");
                if (items.size() > 0) {
                    return items.get(0).get("id").asText();
                }
            } catch (IllegalStateException e) {
                log("waiting for client " + clientId + "'s conversation: " + e.getMessage()); // a slow machine: ask again
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no CLIENT conversation for client " + clientId + " after 120 s");
    }

    /**
     * A few posts before any fault: they show which consumers record MessagePosted (the consumers every later event
     * must reach) and whether the client gets a notification row, and the checker must pass them.
     */
    private void warmUp() throws Exception {
        String prefix = runId + "-warmup-";
        for (int i = 0; i < conversations.size(); i++) {
            Outcome outcome = load.postOnce(prefix + i, conversations.get(i));
            if (outcome != Outcome.OK) {
                throw new IllegalStateException("warm-up post " + i + " was not acknowledged: " + outcome);
            }
        }
        waitDrained(prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Set<String>> applied;
        Set<String> warmEvents = observer.events().stream().filter(e -> e.clientMessageId() != null
                && e.clientMessageId().startsWith(prefix)).map(PostedEvent::eventId).collect(Collectors.toSet());
        do {
            applied = observer.applied(warmEvents);
            Thread.sleep(500);
        } while (applied.values().stream().anyMatch(ids -> ids.size() < warmEvents.size()) && System.nanoTime() < deadline);
        consumers = Set.copyOf(applied.keySet());
        List<String> messageIds = observer.messages(conversations).stream()
                .filter(m -> m.clientMessageId() != null && m.clientMessageId().startsWith(prefix)).map(StoredMessage::id).toList();
        notificationsExpected = observer.notifications(messageIds, clientUserByConversation).size() == messageIds.size();
        log("warm-up: MessagePosted consumers " + consumers + "; client notified of each message: " + notificationsExpected);
    }

    // ------------------------------------------------------------------ helpers the faults use

    Suite suite() {
        return suite;
    }

    boolean quick() {
        return quick;
    }

    String runId() {
        return runId;
    }

    Map<String, String> options() {
        return options;
    }

    /** Deletes one acknowledged message row of the fault directly in PostgreSQL (the sabotage control). */
    String deleteOneAcknowledged(String prefix) throws Exception {
        Attempt victim = AttemptLog.read(attemptFile).stream()
                .filter(a -> a.outcome() == Outcome.OK && a.clientMessageId().startsWith(prefix)).findFirst().orElseThrow();
        try (Connection c = DriverManager.getConnection(Observer.JDBC, "parley", "parley");
             PreparedStatement delete = c.prepareStatement("delete from conversation.message where id = ?::uuid")) {
            delete.setString(1, victim.messageId());
            delete.executeUpdate();
        }
        return victim.clientMessageId();
    }

    /** A fresh password login (what a person signing in does): the Keycloak-down fault expects it to fail fast. */
    String freshLogin() {
        return owner.token();
    }

    private String ws(String path) {
        return "/api/v1/workspaces/" + workspaceId + path;
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    Path root() {
        return root;
    }

    int rate() {
        return rate;
    }

    /** One table row. */
    record Row(Fault fault, Result result, long recoveryMillis, long longestGapMillis, long retries, List<String> notes,
               List<String> problems) {
        boolean passed() {
            return result != null && problems.isEmpty();
        }

        /**
         * A fault passes; a negative control must be caught: its check must report acknowledged messages lost (any
         * other problem, such as lag left over, is no proof that the checker sees loss).
         */
        boolean asExpected() {
            return fault.control() ? result != null && result.lost() > 0 : passed();
        }

        String verdict() {
            if (fault.control()) {
                return asExpected() ? "CAUGHT (control)" : "MISSED: the checker did not see the loss";
            }
            return passed() ? "PASS" : "FAIL";
        }

        String plain() {
            return fault.name() + ": " + verdict() + (result == null ? "" : " attempted " + result.attempted()
                    + " acknowledged " + result.acknowledged() + " found " + result.found() + " duplicates "
                    + result.duplicates() + " lost " + result.lost()) + (problems.isEmpty() ? "" : " " + problems);
        }
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
