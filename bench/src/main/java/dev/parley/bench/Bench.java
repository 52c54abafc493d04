package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parley's benchmark driver (see bench/README.md). Runs against the suite that bench/run started, prints one row per
 * figure, and writes the table with the machine's description to bench/results/.
 */
public final class Bench {
    /** Set-up waits this long for conversation-service to project the run's workspace and clients. */
    private static final int SET_UP_WAIT_SECONDS = 600;

    // ---- options ----
    private final boolean quick;
    private final int rate;
    private final double seconds;
    private final double stepSeconds;
    private final int maxSteps;
    private final int conversations;
    private final int wsRate;
    private final double wsSeconds;
    private final int groupSize;
    private final int groupRate;
    private final double baselineSeconds;
    private final boolean s5;
    private final boolean s7;
    private final int s6Clients;
    private final int roomSize;
    private final boolean jfr;
    private final boolean onlyS6;
    private final int s5TimeoutSeconds;
    private final Path root;
    private final Path out;
    private final String commit;
    private final String gateway;
    private final String command;
    private final String tree;
    private final String limits;

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final Report report = new Report();
    private final Backlog backlog = new Backlog();
    private final Api api;
    private final Map<String, Long> dueEpochNanos = new ConcurrentHashMap<>();
    private final long epochOffsetNanos; // epoch nanos = nanoTime + offset

    private Api.Person owner;
    private String workspaceId;
    private final List<Api.Person> clients = new ArrayList<>();
    private final List<String> clientConversations = new ArrayList<>();
    private final List<Api.Person> groupMembers = new ArrayList<>();
    private String groupConversation;
    // the S3 group and the S4 room live in a workspace of their own: members with chats.access read every CLIENT
    // conversation of their workspace (and are notified of each message), so in S1's workspace they would turn
    // S1 into a fan-out benchmark; there S1 meets one owner and its clients
    private String roomsWorkspaceId;
    private String groupSkipped;

    private Bench(Map<String, String> o) {
        quick = o.containsKey("quick");
        rate = Integer.parseInt(o.getOrDefault("rate", quick ? "200" : "500"));
        seconds = Double.parseDouble(o.getOrDefault("seconds", quick ? "15" : "60"));
        stepSeconds = Double.parseDouble(o.getOrDefault("step-seconds", quick ? "5" : "10"));
        maxSteps = Integer.parseInt(o.getOrDefault("max-steps", quick ? "3" : "6"));
        conversations = Integer.parseInt(o.getOrDefault("conversations", quick ? "10" : "20"));
        wsRate = Integer.parseInt(o.getOrDefault("ws-rate", String.valueOf(rate))); // issue 8: post → socket at the S1 rate
        wsSeconds = Double.parseDouble(o.getOrDefault("ws-seconds", quick ? "5" : "15"));
        groupSize = Integer.parseInt(o.getOrDefault("group", quick ? "10" : "50"));
        groupRate = Integer.parseInt(o.getOrDefault("group-rate", quick ? "5" : "10"));
        baselineSeconds = Double.parseDouble(o.getOrDefault("baseline-seconds", quick ? "5" : "10"));
        s5 = !o.containsKey("no-s5");
        s7 = !o.containsKey("no-s7");
        roomSize = o.containsKey("no-s4") ? 0 : Integer.parseInt(o.getOrDefault("room", quick ? "200" : "2000"));
        s6Clients = o.containsKey("no-s6") ? 0 : Integer.parseInt(o.getOrDefault("s6-clients", quick ? "500" : "10000"));
        jfr = o.containsKey("jfr");
        onlyS6 = o.containsKey("only-s6");
        s5TimeoutSeconds = Integer.parseInt(o.getOrDefault("s5-timeout", "600"));
        root = Path.of(o.getOrDefault("root", ".")).toAbsolutePath().normalize();
        commit = o.getOrDefault("commit", "unknown");
        gateway = o.getOrDefault("gateway", "http://127.0.0.1:8080");
        command = o.getOrDefault("command", "bench/run");
        tree = o.getOrDefault("tree", "");
        limits = o.getOrDefault("limits", "as the running services have them");
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.now());
        out = o.containsKey("out") ? Path.of(o.get("out")).toAbsolutePath()
                : root.resolve("bench/results/" + date + "-" + commit + (quick ? "-quick" : "") + (o.containsKey("only-s6") ? "-s6" : "") + ".md");
        api = new Api(http, gateway);
        Instant now = Instant.now();
        epochOffsetNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            String[] kv = arg.substring(2).split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        new Bench(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        log("run " + runId + ": S1 " + rate + "/s for " + seconds + " s" + (quick ? " (quick)" : ""));
        setUp();
        // right after bench/run restarted them the services may still be consuming older events (the stack's history)
        double setUpBacklog = backlog.awaitEmpty("set-up", 600);
        report.note(setUpBacklog < 0 ? "The services' consumer groups still had unconsumed events 600 s after the set-up; the run went on."
                : String.format(Locale.ROOT, "Before the first phase the driver waited %.1f s for the services' consumer groups (%s) to reach lag 0.",
                        setUpBacklog, String.join(", ", Backlog.GROUPS)));
        if (onlyS6) { // S6 alone (its set-up is 10,000 clients; the other scenarios need none of it)
            s6();
            writeReport(started, loadBefore, false);
            return;
        }

        // S7 at rest: RSS before any load (after set-up)
        Thread.sleep(2000);
        Map<String, Long> rssRest = rssAll();

        // the limit, measured first so it is not run on a machine still busy with Parley's backlog
        List<UUID> benchConversations = Baselines.prepareSchema(conversations);
        log("baseline: JDBC message + outbox transaction, " + Baselines.POOL + " connections, " + rate + "/s for " + baselineSeconds + " s");
        OpenModel.Result jdbc = Baselines.jdbcOpen(benchConversations, rate, baselineSeconds);
        double jdbcCapacity = Baselines.jdbcCapacity(benchConversations, Math.min(baselineSeconds, 10));
        log("baseline: Kafka produce → consume, acks=all idempotent, " + rate + "/s for " + baselineSeconds + " s");
        Histogram kafka = Baselines.kafka(rate, baselineSeconds, partitions("parley.messages.v1"));
        Baselines.dropSchema();

        // S1 warm-up (JIT, pools), not reported
        String ownerToken = owner.token();
        log("S1 warm-up");
        OpenModel.run("warm-up", Math.min(100, rate), quick ? 3 : 10, 10, postShot(ownerToken, "w"));
        Thread.sleep(1000);

        // S2 consumer, S7 RSS sampler, then S1
        AtomicBoolean consuming = new AtomicBoolean(true);
        Histogram s2Created = Stats.histogram();
        Histogram s2Intended = Stats.histogram();
        AtomicLong s2Count = new AtomicLong();
        Thread s2 = s2Consumer(consuming, s2Created, s2Intended, s2Count, runId + "-s1-");
        Map<String, Long> rssLoad = new ConcurrentHashMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                rssAll().forEach((k, v) -> rssLoad.merge(k, v, Math::max));
                sleep(1000);
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        log("S1: " + rate + "/s for " + seconds + " s over " + conversations + " conversations");
        ownerToken = owner.token();
        OpenModel.Result s1 = OpenModel.run("S1", rate, seconds, 15, postShot(ownerToken, "s1"));
        sampling.set(false);
        // S2: give the last events time to arrive
        long s2Deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (s2Count.get() < s1.sent() - s1.errors() && System.nanoTime() < s2Deadline) {
            Thread.sleep(50);
        }
        consuming.set(false);
        s2.join();
        log("S1 " + Stats.percentiles(s1.latency()) + ", errors " + s1.errors() + ", timed out " + s1.timedOut());

        // step search: highest rate with p99 <= 100 ms and no error
        List<String> steps = new ArrayList<>();
        List<String> recorded = jfr ? jfr("JFR.start", "conversation-service", "gateway") : List.of();
        int best = stepSearch(s1, steps);
        if (jfr) {
            jfr("JFR.stop", recorded.toArray(String[]::new));
            report.note("JFR recordings of the step search (not of S1, so S1's figures and RSS carry no profiler): "
                    + String.join(", ", recorded.stream().map(n -> "bench/target/jfr/" + n + ".jfr").toList())
                    + " (`bench/jfr-top <file>` summarises one).");
        }

        // S3, once the steps' backlog (if any) has cleared
        settle();
        ownerToken = owner.token();
        S3Result oneToOne = s3OneToOne(ownerToken);
        S3Result group = groupConversation == null ? null : s3Group(owner.token());
        S3Result room = null;
        String roomFailure = "not run (--no-s4)";
        if (roomSize > 0) {
            try {
                room = s4(roomSize);
            } catch (Exception e) {
                roomFailure = "could not run: " + e;
                log("S4: " + roomFailure);
            }
        }

        // search over what S1 wrote (conversation-service's GET /search/messages, through the gateway)
        OpenModel.Result searchRare = search("rare", quick ? 10 : 20, quick ? 5 : 10);
        OpenModel.Result searchCommon = searchRare == null ? null : search("common", quick ? 5 : 10, quick ? 5 : 10);

        // ---- the table ----
        double s1p99 = s1.p(99);
        double jdbcP99 = jdbc.p(99);
        report.row("S1 post via gateway", String.format(Locale.ROOT, "%d msg/s open model for %.0f s, %d conversations: latency", rate, seconds, conversations),
                Stats.percentiles(s1.latency()), "p99 ≤ 50 ms at 500 msg/s", rate >= 500 ? Report.verdict(s1p99 <= 50 && s1.clean()) : "n/a (rate below 500/s)",
                "JDBC post txn at " + rate + "/s: p50 " + Stats.f(jdbc.p(50)) + " / p99 " + Stats.f(jdbcP99) + " ms",
                "p99 " + Stats.ratio(s1p99, jdbcP99));
        report.row("S1 post via gateway", "errors (non-201, no answer in 15 s, or not sent at " + OpenModel.MAX_IN_FLIGHT + " in flight)",
                s1.errors() + " of " + s1.sent() + " (" + s1.timedOut() + " unanswered, " + s1.notSent() + " not sent), max in flight " + s1.maxInFlight(),
                "no error", Report.verdict(s1.clean()), "JDBC errors: " + jdbc.errors(), "-");
        report.row("S1 step search", "highest rate with p99 ≤ 100 ms and no error (" + Stats.f(stepSeconds) + " s steps)",
                best > 0 ? best + " msg/s" : "none of the rates tried", "- (no target in DESIGN)", "-",
                String.format(Locale.ROOT, "JDBC capacity %.0f tx/s (closed loop, %d conn.)", jdbcCapacity, Baselines.POOL),
                best > 0 ? String.format(Locale.ROOT, "%.2f of capacity", best / jdbcCapacity) : "n/a");
        report.note("S1 steps: " + String.join("; ", steps));
        double kafkaP99 = Stats.p(kafka, 99);
        report.row("S2 commit → MessagePosted consumed", "consume time − event createdAt, during S1",
                Stats.percentiles(s2Created), "-", "-",
                "Kafka produce→consume at " + rate + "/s: p50 " + Stats.f(Stats.p(kafka, 50)) + " / p99 " + Stats.f(kafkaP99) + " ms",
                "p99 " + Stats.ratio(Stats.p(s2Created, 99), kafkaP99));
        report.row("S2 commit → MessagePosted consumed", "consume time − intended send time of the POST (whole path)",
                Stats.percentiles(s2Intended) + ", " + s2Count.get() + " of " + (s1.sent() - s1.errors()) + " events seen",
                "-", "-", "JDBC p99 + Kafka p99 = " + Stats.f(jdbcP99 + kafkaP99) + " ms", "p99 " + Stats.ratio(Stats.p(s2Intended, 99), jdbcP99 + kafkaP99));
        double directPath = jdbcP99 + kafkaP99;
        report.row("S3 post → recipient's WebSocket, 1:1", oneToOne.describe, Stats.percentiles(oneToOne.each),
                "p99 ≤ 100 ms", Report.verdict(oneToOne.each.getTotalCount() > 0 && Stats.p(oneToOne.each, 99) <= 100 && oneToOne.missing == 0),
                "JDBC p99 + Kafka p99 = " + Stats.f(directPath) + " ms", "p99 " + Stats.ratio(Stats.p(oneToOne.each, 99), directPath));
        report.row("S3 post → recipient's WebSocket, 1:1", "frames missing / POST errors", oneToOne.missing + " / " + oneToOne.errors, "none",
                Report.verdict(oneToOne.missing == 0 && oneToOne.errors == 0), "-", "-");
        if (group != null) {
            report.row("S3 post → WebSockets, group of " + groupSize, group.describe + ": every delivery", Stats.percentiles(group.each),
                    "p99 ≤ 100 ms", Report.verdict(Stats.p(group.each, 99) <= 100 && group.missing == 0),
                    "JDBC p99 + Kafka p99 = " + Stats.f(directPath) + " ms", "p99 " + Stats.ratio(Stats.p(group.each, 99), directPath));
            report.row("S3 post → WebSockets, group of " + groupSize, "time until the last of the " + (groupSize - 1) + " sockets has it",
                    Stats.percentiles(group.last) + "; frames missing " + group.missing + ", POST errors " + group.errors, "-", "-", "-", "-");
        } else {
            report.row("S3 group of " + groupSize, "not measured", groupSkipped == null ? "skipped" : groupSkipped, "p99 ≤ 100 ms", "n/a", "-", "-");
        }
        if (searchRare == null) {
            report.row("S5 search", "not measured", "GET .../search/messages did not answer 200 (" + searchSkipped + ")", "-", "n/a", "-", "-");
        } else {
            report.row("S5 search via gateway", String.format(Locale.ROOT, "one rare term (a message number) over the ~%,d bench messages of this workspace, %d req/s", dueEpochNanos.size(), searchRare.rate()),
                    Stats.percentiles(searchRare.latency()) + ", errors " + searchRare.errors(), "- (no target in DESIGN)", "-", "-", "-");
            report.row("S5 search via gateway", String.format(Locale.ROOT, "a term in every bench message (\"lorem\"), first page, %d req/s", searchCommon.rate()),
                    Stats.percentiles(searchCommon.latency()) + ", errors " + searchCommon.errors(), "- (no target in DESIGN)", "-", "-", "-");
        }
        if (room != null) {
            report.row(String.format(Locale.ROOT, "S4 room of %,d sockets", roomSize), room.describe() + ": time until the last socket has the message",
                    Stats.percentiles(room.last()) + "; frames missing " + room.missing() + ", POST errors " + room.errors(),
                    "- (no figure in DESIGN; p99 ≤ 100 ms per delivery)", Report.verdict(room.missing() == 0 && room.errors() == 0),
                    "-", "-");
            report.row(String.format(Locale.ROOT, "S4 room of %,d sockets", roomSize), "every delivery", Stats.percentiles(room.each()),
                    "p99 ≤ 100 ms", Report.verdict(Stats.p(room.each(), 99) <= 100 && room.missing() == 0), "-", "-");
        } else {
            report.row("S4 room of " + roomSize + " sockets", "not measured", roomFailure, "-", "n/a", "-", "-");
        }
        s6();
        report.note("Latencies are measured from each request's intended send time (open model, coordinated omission avoided), in ms; "
                + "the driver runs on the same 2 cores as the suite, PostgreSQL, Kafka and Keycloak.");
        report.note("Direct limits: the same work done directly in the same run. JDBC: one transaction that bumps the conversation's last_seq, "
                + "inserts the message row and the outbox row (scratch schema `bench`, same columns and indexes), " + Baselines.POOL
                + " connections (conversation-service's pool), open model at the S1 rate. Kafka: produce→consume with the outbox relay's producer "
                + "settings (acks=all, idempotent, linger 1 ms), 600-byte values, open model at the S1 rate.");
        writeReport(started, loadBefore, false);

        // S7: RSS rows now, restarts after (they end the JVMs that served the load)
        Map<String, double[]> ready = new LinkedHashMap<>();
        if (s7) {
            try {
                ready = restartEach();
            } catch (Exception e) {
                report.note("S7 restarts stopped: " + e);
            }
        }
        for (String name : serviceNames()) {
            Long rest = rssRest.get(name);
            Long load = rssLoad.get(name);
            report.row("S7 " + name, "RSS (VmRSS) at rest / max under S1",
                    mb(rest) + " / " + mb(load), "< 250 MB", Report.verdict(rest != null && load != null && rest < 250 * 1024 && load < 250 * 1024), "-", "-");
            double[] r = ready.get(name);
            if (r != null) {
                report.row("S7 " + name, "restart: process start → /q/health/ready 200 (Quarkus' own 'started in')",
                        Stats.f(r[0]) + " s (" + (Double.isNaN(r[1]) ? "n/a" : Stats.f(r[1]) + " s") + ")", "≤ 3 s", Report.verdict(r[0] <= 3), "-", "-");
            }
        }
        writeReport(started, loadBefore, false);

        // S5 last: conversation-service's own bench, the longest step
        if (s5) {
            try {
                for (String[] r : conversationBench()) {
                    report.row(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
                }
            } catch (Exception e) {
                report.row("S5 history page of 50 / 1,000,000", "conversation-service bench", "could not run: " + e, "p99 ≤ 20 ms", "n/a", "-", "-");
            }
        } else {
            report.row("S5 history page of 50 / 1,000,000", "not run (--no-s5)", "see conversation-service/README.md (ConversationBench)", "p99 ≤ 20 ms", "n/a", "-", "-");
        }
        writeReport(started, loadBefore, true);
    }

    private void writeReport(Instant started, String loadBefore, boolean last) throws IOException {
        String header = header(started, loadBefore);
        if (last) {
            System.out.println();
            System.out.println(header);
            System.out.println(report.plain());
        }
        report.write(out, header);
        log("written " + root.relativize(out) + (last ? "" : " (so far)"));
    }

    // ---------------------------------------------------------------- set-up

    private void setUp() throws Exception {
        log("set-up: owner, workspace, " + conversations + " clients" + (groupSize > 1 ? ", " + (groupSize - 1) + " members" : ""));
        owner = api.person(runId, "Owner");
        String token = owner.token();
        workspaceId = api.call("POST", "/api/v1/workspaces", token, Map.of("name", "Bench " + runId), 201).get("id").asText();
        roomsWorkspaceId = api.call("POST", "/api/v1/workspaces", token, Map.of("name", "Bench rooms " + runId), 201).get("id").asText();
        // people in Keycloak, a few at a time (each costs Keycloak a password hash)
        java.util.concurrent.ExecutorService people = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Api.Person>> clientFutures = new ArrayList<>();
        List<java.util.concurrent.Future<Api.Person>> memberFutures = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            String name = "Client" + i;
            clientFutures.add(people.submit(() -> api.person(runId, name)));
        }
        for (int i = 0; i < groupSize - 1; i++) {
            String name = "Member" + i;
            memberFutures.add(people.submit(() -> api.person(runId, name)));
        }
        List<String> clientIds = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            Api.Person client = clientFutures.get(i).get();
            clients.add(client);
            clientIds.add(api.call("POST", ws("/clients"), token,
                    Map.of("email", client.email(), "displayName", client.displayName()), 201).get("id").asText());
        }
        for (String clientId : clientIds) {
            clientConversations.add(awaitConversation(clientId));
        }
        if (groupSize > 1) {
            try {
                List<Api.Person> members = new ArrayList<>();
                for (var f : memberFutures) {
                    members.add(f.get());
                }
                groupConversation = room("Bench group " + runId, members);
                groupMembers.addAll(members);
            } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
                groupSkipped = "set-up failed: " + e.getMessage();
                log("group: " + groupSkipped);
            }
        }
        people.shutdown();
        log("set-up done: workspace " + workspaceId);
    }

    private String awaitConversation(String clientId) throws InterruptedException {
        return awaitClientConversation(api, owner, ws(""), clientId, SET_UP_WAIT_SECONDS);
    }

    /** S6 (see AnnouncementFanOut): its row, or why it could not run. */
    private void s6() {
        if (s6Clients > 0) {
            try {
                AnnouncementFanOut.Result r = AnnouncementFanOut.run(api, backlog, owner, runId, s6Clients, 600);
                report.row(String.format(Locale.ROOT, "S6 announcement to %,d clients", r.clients()),
                        "publish request → announcement-service counts every recipient delivered (DIRECT, ALL_CLIENTS)",
                        String.format(Locale.ROOT, "%.1f s (%d of %d recipients delivered; set-up of the clients %.0f s, not counted)",
                                r.seconds(), r.delivered(), r.recipients(), r.setUpSeconds()),
                        "≤ 30 s for 10,000", r.clients() >= 10_000 ? Report.verdict(r.complete() && r.seconds() <= 30) : "n/a (fewer than 10,000)", "-", "-");
                report.note("S6 stages: " + r.stages() + ".");
            } catch (Exception e) {
                report.row("S6 announcement to " + s6Clients + " clients", "could not run", e.toString(), "≤ 30 s", "FAIL", "-", "-");
            }
        } else {
            report.row("S6 announcement to 10,000 clients", "not run (--no-s6)", "-", "≤ 30 s", "n/a", "-", "-");
        }
    }

    /**
     * The client's CLIENT conversation once conversation-service has opened it from ClientRegistered. Until it has
     * projected the workspace the list answers 404; on a stack that earlier test runs filled, restarted services
     * first work through that backlog, hence the long wait.
     */
    static String awaitClientConversation(Api api, Api.Person owner, String workspacePath, String clientId,
                                          int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = api.raw("GET",
                    workspacePath + "/conversations?kind=CLIENT&clientId=" + clientId, owner.token(), null);
            if (response.statusCode() == 200) {
                JsonNode items = Api.read(response.body()).path("items");
                if (items.size() > 0) {
                    return items.get(0).get("id").asText();
                }
            } else if (response.statusCode() != 404) {
                throw new IllegalStateException("conversations of client " + clientId + " -> " + response.statusCode()
                        + " " + response.body());
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no CLIENT conversation for client " + clientId + " after " + timeoutSeconds + " s");
    }

    /** conversation-service takes at most this many participants in the request that creates a conversation. */
    private static final int PARTICIPANTS_AT_CREATION = 1000;

    /**
     * Members join the workspace, then a GROUP room with all of them (the first {@value #PARTICIPANTS_AT_CREATION} in
     * the creating request, the others added one by one); its id.
     */
    private String room(String name, List<Api.Person> members) throws InterruptedException {
        List<Map<String, Object>> participants = new ArrayList<>();
        FreshToken token = new FreshToken(owner); // thousands of invitations outlive one access token
        for (Api.Person member : members) {
            api.call("POST", ws(roomsWorkspaceId, "/members"), token.get(), Map.of("email", member.email(), "displayName", member.displayName()), 201);
            participants.add(Map.of("userId", member.userId()));
        }
        int atCreation = Math.min(participants.size(), PARTICIPANTS_AT_CREATION);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            HttpResponse<String> created = api.raw("POST", ws(roomsWorkspaceId, "/conversations"), owner.token(),
                    Map.of("kind", "GROUP", "name", name, "participants", participants.subList(0, atCreation)));
            if (created.statusCode() == 201) {
                String roomId = Api.read(created.body()).get("id").asText();
                for (Map<String, Object> more : participants.subList(atCreation, participants.size())) {
                    api.call("POST", ws(roomsWorkspaceId, "/conversations/" + roomId + "/participants"), token.get(), more, 201);
                }
                return roomId;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("room: " + created.statusCode() + " " + created.body());
            }
            Thread.sleep(500); // the members' MemberJoined may not have reached conversation-service yet
        }
    }

    private String ws(String path) {
        return ws(workspaceId, path);
    }

    private static String ws(String workspace, String path) {
        return "/api/v1/workspaces/" + workspace + path;
    }

    // ---------------------------------------------------------------- S1

    private OpenModel.Shot postShot(String token, String phase) {
        return postShot(token, phase, workspaceId, clientConversations);
    }

    private OpenModel.Shot postShot(String token, String phase, String workspace, List<String> targets) {
        String bearer = "Bearer " + token;
        List<URI> uris = targets.stream().map(id -> URI.create(gateway + ws(workspace, "/conversations/" + id + "/messages"))).toList();
        return (i, due) -> {
            String clientMessageId = runId + "-" + phase + "-" + i;
            dueEpochNanos.put(clientMessageId, due + epochOffsetNanos);
            HttpRequest request = HttpRequest.newBuilder(uris.get((int) (i % uris.size())))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"bench message " + i
                            + " lorem ipsum dolor sit amet, consectetur adipiscing elit\",\"clientMessageId\":\"" + clientMessageId + "\"}"))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(r -> r.statusCode() == 201);
        };
    }

    /**
     * Waits until the services have consumed every event (at most 300 s) and then (at most 60 s) until a single post
     * answers within 250 ms twice in a row: an overloaded phase leaves work queued in the services, which would
     * otherwise land in the next phase's figures.
     */
    private void settle() throws Exception {
        backlog.awaitEmpty("settle", 300);
        String token = owner.token();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int fast = 0;
        int probe = 0;
        Thread.sleep(1000);
        while (fast < 2 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            try {
                postShot(token, "settle").fire(probe++, t0).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // slow or failed: not settled
            }
            fast = (System.nanoTime() - t0) < 250_000_000L ? fast + 1 : 0;
            Thread.sleep(500);
        }
    }

    private int stepSearch(OpenModel.Result s1, List<String> steps) throws Exception {
        boolean s1Passes = s1.clean() && s1.p(99) <= 100;
        steps.add(s1.rate() + "/s (S1) p99 " + Stats.f(s1.p(99)) + " ms" + (s1.clean() ? "" : ", " + s1.errors() + " errors"));
        int best = s1Passes ? s1.rate() : 0;
        double[] factors = s1Passes ? new double[]{1.5, 2, 2.5, 3, 4} : new double[]{0.75, 0.5, 0.35, 0.25, 0.15, 0.1};
        for (int k = 0; k < Math.min(maxSteps, factors.length); k++) {
            int stepRate = Math.max(1, (int) Math.round(s1.rate() * factors[k]));
            settle(); // let the previous step's backlog clear
            log("step " + stepRate + "/s for " + stepSeconds + " s");
            OpenModel.Result r = OpenModel.run("step", stepRate, stepSeconds, 10, postShot(owner.token(), "step" + stepRate));
            boolean pass = r.clean() && r.p(99) <= 100;
            steps.add(stepRate + "/s p99 " + Stats.f(r.p(99)) + " ms" + (r.clean() ? "" : ", " + (r.errors() + r.timedOut()) + " errors")
                    + (pass ? " ok" : " over"));
            log("step " + stepRate + "/s: " + Stats.percentiles(r.latency()) + ", errors " + r.errors());
            if (s1Passes && !pass) {
                break;
            }
            if (pass) {
                best = Math.max(best, stepRate);
                if (!s1Passes) {
                    break;
                }
            }
        }
        return best;
    }

    /** jcmd JFR.start / JFR.stop on the named services (started by deploy/local/services); the names it reached. */
    private List<String> jfr(String command, String... names) {
        List<String> reached = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        List<String> runningNames = new ArrayList<>();
        for (String name : names) {
            Long pid = pid(name);
            if (pid == null) {
                continue;
            }
            List<String> cmd = new ArrayList<>(List.of("jcmd", pid.toString(), command, "name=bench"));
            if (command.equals("JFR.start")) {
                try {
                    Files.createDirectories(root.resolve("bench/target/jfr"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                cmd.add("filename=" + root.resolve("bench/target/jfr/" + name + ".jfr"));
                cmd.add("settings=profile");
            }
            try {
                running.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(root.resolve("bench/target/jcmd-" + name + ".log").toFile()).start());
                runningNames.add(name);
            } catch (IOException e) {
                report.note("jcmd " + command + " " + name + ": " + e.getMessage());
            }
        }
        for (int i = 0; i < running.size(); i++) {
            try {
                if (running.get(i).waitFor(60, TimeUnit.SECONDS) && running.get(i).exitValue() == 0) {
                    reached.add(runningNames.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log(command + " " + reached);
        return reached;
    }

    private String searchSkipped;

    /** Search at a fixed rate; null (with searchSkipped set) when the endpoint does not answer 200 to a first probe. */
    private OpenModel.Result search(String kind, int searchRate, double searchSeconds) {
        String token = owner.token();
        HttpResponse<String> probe = api.raw("GET", ws("/search/messages?q=lorem&limit=20"), token, null);
        if (probe.statusCode() != 200) {
            searchSkipped = probe.statusCode() + " " + probe.body().substring(0, Math.min(120, probe.body().length()));
            log("search: " + searchSkipped);
            return null;
        }
        log("search (" + kind + "): " + searchRate + "/s for " + searchSeconds + " s");
        String bearer = "Bearer " + token;
        int max = Math.max(1, (int) Math.min(Integer.MAX_VALUE, Math.round(rate * seconds)));
        return OpenModel.run("search-" + kind, searchRate, searchSeconds, 15, (i, due) -> {
            String q = kind.equals("rare") ? String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextInt(max)) : "lorem";
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + ws("/search/messages?limit=20&q=" + q)))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", bearer).GET().build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(r -> r.statusCode() == 200);
        });
    }

    // ---------------------------------------------------------------- S2

    private Thread s2Consumer(AtomicBoolean running, Histogram created, Histogram intended, AtomicLong count, String prefix) throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Baselines.KAFKA);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c);
        String topic = "parley.messages.v1";
        List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        Instant now = Instant.now();
                        Header type = record.headers().lastHeader("ce_type");
                        if (type == null || !"parley.message.posted.v1".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                            continue;
                        }
                        JsonNode data = Api.read(new String(record.value(), StandardCharsets.UTF_8));
                        String cmid = data.path("clientMessageId").asText("");
                        if (!cmid.startsWith(prefix)) {
                            continue;
                        }
                        long nowEpoch = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                        Instant createdAt = Instant.parse(data.path("createdAt").asText());
                        long createdEpoch = createdAt.getEpochSecond() * 1_000_000_000L + createdAt.getNano();
                        created.recordValue(Math.max(0, Math.min(nowEpoch - createdEpoch, Stats.HIGHEST)));
                        Long due = dueEpochNanos.get(cmid);
                        if (due != null) {
                            intended.recordValue(Math.max(0, Math.min(nowEpoch - due, Stats.HIGHEST)));
                        }
                        count.incrementAndGet();
                    }
                }
            }
        }, "s2-consumer");
        thread.start();
        return thread;
    }

    private static int partitions(String topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Baselines.KAFKA);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            return consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        }
    }

    // ---------------------------------------------------------------- S3

    private record S3Result(String describe, Histogram each, Histogram last, long missing, long errors) {
    }

    /** A socket that records, for each message.posted frame of this phase, the time since the post's intended send. */
    private final class Socket implements WebSocket.Listener {
        final String prefix;
        final Histogram each;
        final Map<String, AtomicInteger> deliveries;
        final int expected;
        final Histogram last;
        final StringBuilder partial = new StringBuilder();
        final AtomicLong frames = new AtomicLong();

        Socket(String prefix, Histogram each, Histogram last, Map<String, AtomicInteger> deliveries, int expected) {
            this.prefix = prefix;
            this.each = each;
            this.last = last;
            this.deliveries = deliveries;
            this.expected = expected;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
            long nowEpoch = System.nanoTime() + epochOffsetNanos;
            partial.append(data);
            if (lastPart) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text, nowEpoch);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text, long nowEpoch) {
            JsonNode frame = Api.read(text);
            if (!"message.posted".equals(frame.path("type").asText())) {
                return;
            }
            String cmid = frame.path("data").path("clientMessageId").asText("");
            Long due = dueEpochNanos.get(cmid);
            if (!cmid.startsWith(prefix) || due == null) {
                return;
            }
            frames.incrementAndGet();
            long latency = Math.max(0, Math.min(nowEpoch - due, Stats.HIGHEST));
            synchronized (each) {
                each.recordValue(latency);
            }
            int n = deliveries.computeIfAbsent(cmid, k -> new AtomicInteger()).incrementAndGet();
            if (n == expected) {
                synchronized (last) {
                    last.recordValue(latency);
                }
            }
        }
    }

    private List<WebSocket> connect(List<Api.Person> people, Socket[] listeners) throws Exception {
        List<String> tokens = people.parallelStream().map(Api.Person::token).toList();
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            pending.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + tokens.get(i))
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(gateway.replaceFirst("^http", "ws") + "/api/v1/realtime"), listeners[i]));
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (CompletableFuture<WebSocket> p : pending) {
            sockets.add(p.get(30, TimeUnit.SECONDS));
        }
        return sockets;
    }

    private S3Result s3(String phase, String describe, List<Api.Person> receivers, String workspace, List<String> targets,
                        int phaseRate, String token, int expectedPerMessage) throws Exception {
        Histogram each = Stats.histogram();
        Histogram last = Stats.histogram();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        String prefix = runId + "-" + phase + "-";
        Socket[] listeners = new Socket[receivers.size()];
        for (int i = 0; i < listeners.length; i++) {
            listeners[i] = new Socket(prefix, each, last, deliveries, expectedPerMessage);
        }
        List<WebSocket> sockets = connect(receivers, listeners);
        Thread.sleep(1000);
        OpenModel.Result posts = OpenModel.run(phase, phaseRate, wsSeconds, 10, postShot(token, phase, workspace, targets));
        long expected = (posts.sent() - posts.errors()) * expectedPerMessage;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long got;
        while ((got = sum(listeners)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
        log(phase + ": " + Stats.percentiles(each) + ", frames " + got + " of " + expected + ", POST errors " + posts.errors());
        return new S3Result(describe + ", POST " + Stats.percentiles(posts.latency()).replaceAll(" \\(n=.*", ""),
                each, last, Math.max(0, expected - got), posts.errors() + posts.timedOut());
    }

    private static long sum(Socket[] listeners) {
        long n = 0;
        for (Socket s : listeners) {
            n += s.frames.get();
        }
        return n;
    }

    private S3Result s3OneToOne(String token) throws Exception {
        log("S3 1:1: " + wsRate + "/s for " + wsSeconds + " s into " + clients.size() + " client conversations, each client connected");
        return s3("s3", String.format(Locale.ROOT, "%d msg/s for %.0f s over %d CLIENT conversations", wsRate, wsSeconds, clients.size()),
                clients, workspaceId, clientConversations, wsRate, token, 1);
    }

    private S3Result s3Group(String token) throws Exception {
        log("S3 group of " + groupSize + ": " + groupRate + "/s for " + wsSeconds + " s, " + groupMembers.size() + " sockets");
        return s3("s3g", String.format(Locale.ROOT, "%d msg/s for %.0f s, owner posting, %d members connected", groupRate, wsSeconds, groupMembers.size()),
                groupMembers, roomsWorkspaceId, List.of(groupConversation), groupRate, token, groupMembers.size());
    }

    // ---------------------------------------------------------------- S4

    /**
     * S4: a room of {@code size} members, every one connected, the owner posting one message a second; per message,
     * the time from its intended send until the last of the sockets has it. The members' Keycloak passwords are
     * hashed with one iteration while they are created and log in (set-up only: thousands of 210,000-iteration
     * hashes would take the machine for minutes); the realm's policy is put back afterwards.
     */
    private S3Result s4(int size) throws Exception {
        log("S4: room of " + size + " members: people, invitations, room");
        Runnable restore = Api.cheapPasswordHashing();
        try {
            java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<Api.Person>> futures = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = "Room" + i;
                futures.add(pool.submit(() -> api.person(runId, name)));
            }
            List<Api.Person> members = new ArrayList<>();
            for (var f : futures) {
                members.add(f.get());
            }
            pool.shutdown();
            String roomId = room("Bench S4 room " + runId, members);
            backlog.awaitEmpty("S4 set-up", 300); // 2,000 MemberJoined and the room's participants, projected
            log("S4: " + size + " sockets, 1 msg/s for " + wsSeconds + " s");
            return s3("s4", String.format(Locale.ROOT, "1 msg/s for %.0f s into a GROUP room, %d members connected", wsSeconds, size),
                    members, roomsWorkspaceId, List.of(roomId), 1, owner.token(), size);
        } finally {
            restore.run();
        }
    }

    // ---------------------------------------------------------------- S7

    private List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(root.resolve("deploy/local/services.txt"))) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    names.add(t.split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private int port(String name) throws IOException {
        for (String line : Files.readAllLines(root.resolve("deploy/local/services.txt"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2 && parts[0].equals(name)) {
                return Integer.parseInt(parts[1]);
            }
        }
        throw new IllegalStateException("no port for " + name);
    }

    private Long pid(String name) {
        try {
            String text = Files.readString(root.resolve(".stack/services/" + name + ".pid")).trim();
            return text.isEmpty() ? null : Long.parseLong(text.split("\\s+")[0]);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** VmRSS in KiB of each service's JVM. */
    private Map<String, Long> rssAll() {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String name : serviceNames()) {
            Long pid = pid(name);
            if (pid == null) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss.put(name, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }
        return rss;
    }

    private static String mb(Long kib) {
        return kib == null ? "n/a" : (kib / 1024) + " MB";
    }

    /**
     * Stops each service in turn (SIGTERM to its JVM, which deploy/local/services started in its own session), starts it
     * again with deploy/local/services up (same environment, so the lifted rate limits stay), and measures from the new
     * process's start time to the first 200 from /q/health/ready (polled every 20 ms).
     */
    private Map<String, double[]> restartEach() throws Exception {
        Map<String, double[]> ready = new LinkedHashMap<>();
        HttpClient poll = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(500)).build();
        for (String name : serviceNames()) {
            Long old = pid(name);
            if (old == null) {
                report.note("S7 " + name + ": no pid file, not restarted");
                continue;
            }
            log("S7: restarting " + name);
            ProcessHandle handle = ProcessHandle.of(old).orElse(null);
            if (handle != null) {
                handle.destroy();
                handle.onExit().get(40, TimeUnit.SECONDS);
            }
            Process up = new ProcessBuilder(root.resolve("deploy/local/services").toString(), "up")
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(root.resolve("bench/target/s7-" + name + ".log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Long fresh = null;
            while (System.nanoTime() < deadline) {
                Long p = pid(name);
                if (p != null && !p.equals(old) && ProcessHandle.of(p).isPresent()) {
                    fresh = p;
                    break;
                }
                Thread.sleep(5);
            }
            if (fresh == null) {
                report.note("S7 " + name + ": did not start again within 90 s");
                up.waitFor(90, TimeUnit.SECONDS);
                continue;
            }
            Instant processStart = ProcessHandle.of(fresh).flatMap(h -> h.info().startInstant()).orElse(Instant.now());
            URI readyUri = URI.create("http://127.0.0.1:" + port(name) + "/q/health/ready");
            Instant readyAt = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (poll.send(HttpRequest.newBuilder(readyUri).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readyAt = Instant.now();
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            up.waitFor(90, TimeUnit.SECONDS);
            double seconds = readyAt == null ? Double.NaN : Duration.between(processStart, readyAt).toMillis() / 1000.0;
            ready.put(name, new double[]{seconds, startedIn(name)});
            log("S7 " + name + ": ready " + Stats.f(seconds) + " s after its process started");
        }
        return ready;
    }

    private double startedIn(String name) {
        try {
            Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(Files.readString(root.resolve(".stack/services/" + name + ".log")));
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    // ---------------------------------------------------------------- S5

    /** conversation-service's own bench (README there), run as it is documented, with a time limit; its rows go into this table. */
    private List<String[]> conversationBench() throws Exception {
        List<String[]> rows = new ArrayList<>();
        Path results = root.resolve("conversation-service/target/bench-results.txt");
        Files.deleteIfExists(results);
        Path logFile = root.resolve("bench/target/s5-conversation-bench.log");
        List<String> cmd = List.of("mvn", "-B", "test", "-pl", "events,auth,common,conversation-service", "-Dtest=ConversationBench",
                "-Dparley.bench.conversation=true", "-Dsurefire.failIfNoSpecifiedTests=false", "-Dbench.messages=1000000", "-Dbench.rate=" + rate,
                "-Dbench.seconds=10", "-Dbench.pages=2000");
        log("S5: " + String.join(" ", cmd) + " (at most " + s5TimeoutSeconds + " s; log " + root.relativize(logFile) + ")");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        if (!p.waitFor(s5TimeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            rows.add(new String[]{"S5 history page of 50 / 1,000,000", "conversation-service bench", "did not finish within " + s5TimeoutSeconds + " s",
                    "p99 ≤ 20 ms", "n/a", "-", "-"});
            return rows;
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (!Files.exists(results)) {
            rows.add(new String[]{"S5 history page of 50 / 1,000,000", "conversation-service bench",
                    "failed (exit " + p.exitValue() + ", see " + root.relativize(logFile) + ")", "p99 ≤ 20 ms", "n/a", "-", "-"});
            return rows;
        }
        double historyP99 = Double.NaN;
        double directP99 = Double.NaN;
        String historyLine = null;
        List<String[]> other = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            if (line.length() < 60 || line.startsWith("measure") || line.startsWith("conversation-service benchmark")) {
                continue;
            }
            // the bench prints "%-58s %-34s %s": columns are 2+ spaces apart unless a measure is longer than 58
            String measure;
            String result;
            String target = "-";
            Matcher p50At = Pattern.compile(" p50 [0-9]").matcher(line);
            int p50 = p50At.find() ? p50At.start() : -1;
            String[] parts = line.trim().split("\\s{2,}");
            if (p50 > 0 && (parts.length < 2 || parts[0].contains(" p50 "))) {
                measure = line.substring(0, p50).trim();
                String[] rest = line.substring(p50 + 1).split("\\s{2,}");
                result = rest[0].trim();
                target = rest.length > 1 ? rest[1].trim() : "-";
            } else if (parts.length >= 2) {
                measure = parts[0];
                result = parts[1];
                target = parts.length > 2 ? parts[2] : "-";
            } else {
                measure = "row";
                result = line.trim();
            }
            // a result longer than its column runs into the target column with a single space
            result = result.replaceFirst("\\s+(p99 <= [0-9]+ ms|-)$", "");
            Matcher p99 = Pattern.compile("p99 ([0-9.]+)").matcher(result);
            if (measure.startsWith("history page of 50, open model")) {
                historyLine = measure + ": " + result;
                historyP99 = p99.find() ? Double.parseDouble(p99.group(1)) : Double.NaN;
            } else if (measure.startsWith("same page straight")) {
                directP99 = p99.find() ? Double.parseDouble(p99.group(1)) : Double.NaN;
                other.add(new String[]{measure, result});
            } else {
                other.add(new String[]{measure, result + (target.equals("-") || target.isEmpty() ? "" : " (target " + target + ")")});
            }
        }
        rows.add(new String[]{"S5 history page of 50 / 1,000,000", historyLine == null ? "n/a" : historyLine.replaceAll(":.*", "") + " (direct to conversation-service)",
                historyLine == null ? "n/a" : historyLine.replaceAll("^[^:]*: ", ""), "p99 ≤ 20 ms",
                Double.isNaN(historyP99) ? "n/a" : Report.verdict(historyP99 <= 20),
                "same keyset query over JDBC: p99 " + Stats.f(directP99) + " ms", "p99 " + Stats.ratio(historyP99, directP99)});
        for (String[] o : other) {
            rows.add(new String[]{"S5 conversation-service bench", o[0], o[1], "-", "-", "-", "-"});
        }
        report.note(String.format(Locale.ROOT, "S5 comes from conversation-service's own ConversationBench (`%s`), which ran in %.0f s in this run; "
                + "it talks to a conversation-service it boots in test mode (schema conversation_test), not through the gateway, "
                + "the S5 row is its open-model phase at 2,000 requests/s (a sequential phase is listed below it). Search is measured by this driver through the gateway over S1's messages (rows \"S5 search\"), not over the 1,000,000.",
                String.join(" ", cmd), took));
        return rows;
    }

    // ---------------------------------------------------------------- report header

    private String header(Instant started, String loadBefore) {
        long memKib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // unknown
        }
        String cpu = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.replaceAll("^[^:]*:\\s*", "")).orElse("unknown");
        } catch (IOException e) {
            // unknown
        }
        return "# Parley benchmark " + DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + (quick ? " (quick)" : "") + "\n\n"
                + "- command: `" + command + "`\n"
                + "- commit: " + commit + (tree.isEmpty() ? "" : " (" + tree + ")") + "\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpu + ", "
                + String.format(Locale.ROOT, "%.1f GiB", memKib / 1048576.0) + " memory\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + "- load average (1/5/15 min): " + loadBefore + " before, " + loadAverage() + " after\n"
                + "- gateway rate limits: " + limits + "; everything on 127.0.0.1; run id " + runId + "\n";
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String message) {
        System.out.printf("[%s] %s%n", DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now()), message);
    }
}
