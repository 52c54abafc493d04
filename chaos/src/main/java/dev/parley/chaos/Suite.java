package dev.parley.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This clone's stack and services as processes: their pids come only from this clone's .stack pid files (the
 * ones deploy/local/stack and deploy/local/services write), and a pid counts only if its command line names this
 * clone's .stack directory — the same rule those scripts use — so a fault never hits somebody else's process.
 * Parts come back through the same scripts ({@code stack up}, {@code services up}), which start what is missing.
 */
final class Suite {
    private final Path root;
    private final Path stack;
    /** name → port, from deploy/local/services.txt (the one list of services). */
    final Map<String, Integer> services = new LinkedHashMap<>();

    Suite(Path root) throws IOException {
        this.root = root;
        this.stack = root.resolve(".stack");
        for (String line : Files.readAllLines(root.resolve("deploy/local/services.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && !f[0].startsWith("#")) {
                services.put(f[0], Integer.parseInt(f[1]));
            }
        }
    }

    Path root() {
        return root;
    }

    long servicePid(String name) throws IOException {
        return ours(stack.resolve("services/" + name + ".pid"), stack + "/");
    }

    long kafkaPid() throws IOException {
        return ours(stack.resolve("run/kafka.pid"), stack + "/");
    }

    long keycloakPid() throws IOException {
        return ours(stack.resolve("run/keycloak.pid"), stack + "/");
    }

    Path postgresData() throws IOException {
        return stack.resolve("postgres").toRealPath().resolve("data");
    }

    long postgresPid() throws IOException {
        return ours(postgresData().resolve("postmaster.pid"), "-D " + postgresData());
    }

    /**
     * The WAL writer of this clone's PostgreSQL: the postmaster's child whose title names it ("postgres: walwriter").
     */
    long walWriterPid() throws IOException {
        long postmaster = postgresPid();
        return ProcessHandle.of(postmaster).orElseThrow().children()
                .filter(p -> {
                    try {
                        return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).contains("walwriter");
                    } catch (IOException e) {
                        return false; // exited meanwhile
                    }
                })
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no walwriter among the children of postmaster " + postmaster));
    }

    private static long ours(Path pidFile, String marker) throws IOException {
        if (!Files.exists(pidFile)) {
            throw new IllegalStateException("no pid file " + pidFile + ": is the part running?");
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        String command = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        if (!command.contains(marker)) {
            throw new IllegalStateException("pid " + pid + " from " + pidFile + " is not this clone's (" + command + ")");
        }
        return pid;
    }

    /** kill -SIGNAL pid; with {@code group}, the whole process group the scripts started it in (setsid). */
    static void signal(String signal, long pid, boolean group) throws IOException, InterruptedException {
        run(List.of("kill", "-" + signal, "--", group ? "-" + pid : String.valueOf(pid)));
    }

    static void awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive() || zombie(pid)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("pid " + pid + " still alive after " + timeout);
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** deploy/local/stack up: starts whatever part is down and waits until all are ready. */
    void stackUp() throws IOException, InterruptedException {
        script(Map.of(), "deploy/local/stack", "up");
    }

    /** deploy/local/services up: starts whatever service is down and waits until all are ready. */
    void servicesUp() throws IOException, InterruptedException {
        servicesUp(Map.of());
    }

    /** services up with extra environment (it reaches only the services this call starts). */
    void servicesUp(Map<String, String> environment) throws IOException, InterruptedException {
        try {
            script(environment, "deploy/local/services", "up");
        } catch (IllegalStateException e) {
            // the script gives each service 90 s; on 2 cores shared by a dozen JVMs a cold start can take longer
            for (String service : services.keySet()) {
                if (!ready(service, Duration.ofSeconds(180))) {
                    throw new IllegalStateException(service + " not ready 180 s after services up gave up: " + e.getMessage());
                }
            }
            Chaos.log("services up timed out, but every service became ready after it");
        }
    }

    /** SIGTERM a service, wait for its exit, start it again with {@code environment}. */
    void restart(String service, Map<String, String> environment) throws IOException, InterruptedException {
        long pid = servicePid(service);
        signal("TERM", pid, false);
        awaitExit(pid, Duration.ofSeconds(40));
        servicesUp(environment);
    }

    /** Waits (at most {@code timeout}) for a service's /q/health/ready to answer 200. */
    boolean ready(String service, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = URI.create("http://127.0.0.1:" + services.get(service) + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Runs a statement as the cluster's superuser over its Unix socket (ALTER SYSTEM needs it; parley may not). */
    void postgresAdmin(String sql) throws IOException, InterruptedException {
        String socket = postgresData().getParent().resolve("run").toString();
        run(List.of("runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/psql", "-h", socket, "-p", "15432",
                "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", sql));
    }

    private void script(Map<String, String> environment, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve(script).toString());
        command.addAll(List.of(args));
        Path log = root.resolve("chaos/target/scripts.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(script + " " + String.join(" ", args) + " failed; see " + log);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
