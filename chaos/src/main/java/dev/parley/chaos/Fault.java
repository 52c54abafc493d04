package dev.parley.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The faults, in the order a full run injects them. Each one's steps inject the fault and heal it while the load
 * runs; the run then drains and checks. Controls are faults that MUST lose data: the run fails if the checker
 * does not catch them. {@code copies}: how many times the load sends each post at once (concurrent duplicates).
 */
record Fault(String name, String describe, Steps steps, Steps afterDrain, boolean control, int copies) {

    Fault(String name, String describe, Steps steps, Steps afterDrain, boolean control) {
        this(name, describe, steps, afterDrain, control, 1);
    }

    interface Steps {
        void run(Outcome outcome) throws Exception;
    }

    /** What a fault's steps report besides the evidence the checker reads. */
    static final class Outcome {
        long healedAt;
        final Map<String, Long> poisonSent = new TreeMap<>();
        final Map<String, Long> deadLettersBefore = new TreeMap<>();
        final List<String> notes = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
    }

    static Map<String, Fault> all(Chaos chaos) {
        Suite suite = chaos.suite();
        boolean quick = chaos.quick();
        Map<String, Fault> faults = new LinkedHashMap<>();
        for (String service : suite.services.keySet()) {
            faults.put("kill-" + service, new Fault("kill-" + service, "kill -9 " + service + " under load, then services up",
                    outcome -> {
                        long pid = suite.servicePid(service);
                        killTree(pid);
                        Chaos.sleep(2);
                        suite.servicesUp();
                        outcome.healedAt = System.currentTimeMillis();
                    }, null, false));
        }
        faults.put("concurrent-duplicates", new Fault("concurrent-duplicates",
                "each post sent 3 times at once with the same clientMessageId (each copy retried on its own), no other fault",
                outcome -> Chaos.sleep(quick ? 5 : 10), null, false, 3));
        int kafkaDown = quick ? 10 : 20;
        faults.put("kill-kafka", new Fault("kill-kafka", "kill -9 Kafka, down " + kafkaDown + " s, then stack up", outcome -> {
            killTree(suite.kafkaPid());
            Chaos.sleep(kafkaDown);
            suite.stackUp();
            outcome.healedAt = System.currentTimeMillis();
        }, null, false));
        int kafkaStopped = quick ? 15 : 30;
        faults.put("stop-kafka", new Fault("stop-kafka", "SIGSTOP Kafka for " + kafkaStopped + " s, then SIGCONT", outcome -> {
            long pid = suite.kafkaPid();
            Suite.signal("STOP", pid, false);
            try {
                Chaos.sleep(kafkaStopped);
            } finally {
                Suite.signal("CONT", pid, false);
            }
            outcome.healedAt = System.currentTimeMillis();
        }, null, false));
        faults.put("kill-postgres", new Fault("kill-postgres", "kill -9 PostgreSQL (postmaster and every backend), down 5 s, then stack up",
                outcome -> {
                    killTree(suite.postgresPid());
                    Chaos.sleep(5);
                    suite.stackUp();
                    outcome.healedAt = System.currentTimeMillis();
                }, null, false));
        faults.put("consumer-mid-batch", new Fault("consumer-mid-batch",
                "kill -9 notification-service, let a backlog build, start it and kill -9 it again 1 s after it is ready (mid-batch), start it",
                outcome -> {
                    killTree(suite.servicePid("notification-service"));
                    Chaos.sleep(quick ? 5 : 10);
                    suite.servicesUp();
                    Chaos.sleep(1);
                    long lag = Observer.lag();
                    killTree(suite.servicePid("notification-service"));
                    outcome.notes.add("consumer lag when killed the second time: " + lag);
                    Chaos.sleep(1);
                    suite.servicesUp();
                    outcome.healedAt = System.currentTimeMillis();
                }, null, false));
        faults.put("poison", new Fault("poison", "2 poison records (no CloudEvent headers, not JSON) on each consumed topic, under load",
                outcome -> {
                    Topology topology = Topology.read(suite.root(), suite.services.keySet());
                    List<String> dlqs = topology.deadLetters.values().stream().flatMap(List::stream).distinct().toList();
                    outcome.deadLettersBefore.putAll(Observer.sizes(dlqs));
                    for (String topic : topology.consumed) {
                        Observer.poison(topic, 2);
                        for (String dlq : topology.deadLetters.get(topic)) {
                            outcome.poisonSent.merge(dlq, 2L, Long::sum);
                        }
                    }
                    outcome.notes.add("poison sent to " + topology.consumed);
                }, null, false));
        int proxied = quick ? 10 : 20;
        faults.put("proxy-postgres", new Fault("proxy-postgres",
                "conversation-service restarted to reach PostgreSQL through a TCP proxy (0–50 ms per chunk, a connection "
                        + "reset every 2 s) for " + proxied + " s, then restarted on the direct port",
                outcome -> {
                    try (FaultyProxy proxy = new FaultyProxy(25432, 15432, 50, 2000)) {
                        proxy.resetting = false; // let it start; Flyway's connection is not the fault under test
                        suite.restart("conversation-service", Map.of("PARLEY_DB_PORT", "25432"));
                        proxy.resetting = true;
                        Chaos.sleep(proxied);
                        proxy.resetting = false;
                        outcome.notes.add("connections reset by the proxy: " + proxy.resets());
                        suite.restart("conversation-service", Map.of());
                    }
                    outcome.healedAt = System.currentTimeMillis();
                }, null, false));
        faults.put("keycloak-down", new Fault("keycloak-down",
                "kill -9 Keycloak for 20 s under load: the load's valid token keeps working, a new login fails fast; then stack up",
                outcome -> {
                    killTree(suite.keycloakPid());
                    Chaos.sleep(1);
                    long start = System.nanoTime();
                    try {
                        chaos.freshLogin();
                        outcome.problems.add("a new login succeeded while Keycloak was down");
                    } catch (RuntimeException e) {
                        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                        outcome.notes.add("new login while Keycloak was down failed after " + millis + " ms: "
                                + e.getMessage().replaceAll("\\s+", " "));
                        if (millis > 10_000) {
                            outcome.problems.add("a new login took " + millis + " ms to fail (not clean)");
                        }
                    }
                    Chaos.sleep(19);
                    outcome.healedAt = System.currentTimeMillis();
                    suite.stackUp();
                    chaos.freshLogin(); // throws if logins did not come back
                    outcome.notes.add("logins work again " + (System.currentTimeMillis() - outcome.healedAt) + " ms after stack up began");
                }, null, false));
        faults.put("rolling-restart", new Fault("rolling-restart",
                "each service in turn: SIGTERM, wait for its exit, services up, wait for the consumers to catch up (under load)",
                outcome -> {
                    for (String service : suite.services.keySet()) {
                        outcome.notes.add(restartAndCatchUp(suite, service));
                    }
                    outcome.healedAt = System.currentTimeMillis();
                }, null, false));
        int unwritten = quick ? 2 : 3;
        faults.put("control-async-commit", new Fault("control-async-commit",
                "NEGATIVE CONTROL: PostgreSQL with synchronous_commit=off and its WAL writer stopped (SIGSTOP) for "
                        + unwritten + " s under load, so acknowledged commits stay in its WAL buffers, then kill -9",
                outcome -> {
                    // Why the WAL writer is stopped: a commit with synchronous_commit=off returns before its WAL is
                    // written, but the WAL writer is woken whenever a WAL page fills and write()s it to the kernel,
                    // where a kill -9 does not lose it (only a power loss would). Alone, that leaves at risk only
                    // the last partial page (under 8 KiB, about one post's transactions): the earlier version
                    // (wal_writer_delay=10s, fsync=off) was MISSED. With the writer stopped, no backend writes WAL
                    // until the WAL buffers (4 MiB) are full, so every commit of the stopped seconds is lost —
                    // what synchronous_commit=off risks on a machine that loses power.
                    suite.postgresAdmin("alter system set synchronous_commit = off");
                    suite.postgresAdmin("select pg_reload_conf()");
                    Chaos.sleep(1); // each session reads the reloaded setting before its next statement
                    suite.postgresAdmin("checkpoint"); // none falls into the stopped seconds (it would write the WAL)
                    long walWriter = suite.walWriterPid();
                    try {
                        Suite.signal("STOP", walWriter, false);
                        Chaos.sleep(unwritten);
                        killTree(suite.postgresPid());
                        Chaos.sleep(2);
                        suite.stackUp();
                    } finally {
                        suite.postgresAdmin("alter system reset synchronous_commit");
                        suite.postgresAdmin("select pg_reload_conf()");
                    }
                    outcome.notes.add("WAL writer " + walWriter + " stopped " + unwritten + " s before the kill");
                    outcome.healedAt = System.currentTimeMillis();
                }, null, true));
        faults.put("control-deleted-row", new Fault("control-deleted-row",
                "NEGATIVE CONTROL: after the drain, one acknowledged message row is deleted directly in PostgreSQL",
                outcome -> Chaos.sleep(2),
                outcome -> outcome.notes.add("deleted the row of " + chaos.deleteOneAcknowledged(chaos.runId() + "-control-deleted-row-")),
                true));
        return faults;
    }

    /** Faults this suite does not inject yet (listed in every report). */
    static final List<String> MISSING = List.of(
            "a TCP proxy in front of Kafka (the proxy covers PostgreSQL only; Kafka's advertised listener would need a "
                    + "broker configured for it)");

    /** Lag (summed over the groups with members) that counts as caught up under the load: 2 s of posts. */
    private static final long CAUGHT_UP_LAG = 20;

    /**
     * One step of the rolling restart, with its figures: how long the service took to stop, to become ready, and
     * for the consumer lag to come back to {@link #CAUGHT_UP_LAG} or under (the next service waits for that, at most
     * 120 s, so each service's catch-up is its own).
     */
    static String restartAndCatchUp(Suite suite, String service) throws Exception {
        long pid = suite.servicePid(service);
        long start = System.currentTimeMillis();
        Suite.signal("TERM", pid, false);
        Suite.awaitExit(pid, Duration.ofSeconds(40));
        long stopped = System.currentTimeMillis();
        suite.servicesUp();
        long ready = System.currentTimeMillis();
        long lagAtReady = Observer.lag();
        long lag = lagAtReady;
        long caughtUp = -1;
        while (System.currentTimeMillis() - ready < 120_000) {
            if (lag <= CAUGHT_UP_LAG) {
                caughtUp = System.currentTimeMillis();
                break;
            }
            Chaos.sleep(1);
            lag = Observer.lag();
        }
        return String.format("%s: stopped %.1f s after SIGTERM, ready %.1f s after services up began, consumer lag %d"
                        + " at ready, %s", service, (stopped - start) / 1000.0, (ready - stopped) / 1000.0, lagAtReady,
                caughtUp < 0 ? "still " + lag + " 120 s after ready"
                        : String.format("≤ %d %.1f s after ready", CAUGHT_UP_LAG, (caughtUp - ready) / 1000.0));
    }

    /** SIGKILL a process and everything it started (PostgreSQL's backends, kc.sh's java), all at once. */
    static void killTree(long pid) throws Exception {
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            tree.add(p);
            p.descendants().forEach(tree::add);
        });
        for (ProcessHandle p : tree) {
            p.destroyForcibly(); // SIGKILL
        }
        for (ProcessHandle p : tree) {
            Suite.awaitExit(p.pid(), Duration.ofSeconds(10));
        }
    }
}
