import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many idle realtime sockets one gateway holds within 1 GiB of RSS, measured (not extrapolated): opens sockets
 * in steps against a gateway process of its own, forces a full GC in it after each step (jcmd GC.run), records its
 * RSS (/proc/PID/status VmRSS), and stops when RSS reaches 1 GiB, when sockets can no longer be opened, or at the
 * cap. Prints the step table, the figure (most sockets held with RSS at or below 1 GiB), and at the end whether
 * every socket is still open and whether a sample answers {@code {"type":"ping"}} with {@code {"type":"pong"}}.
 *
 * Needs JDK 19+ (HttpClient.Builder.localAddress): loopback gives ~28k ephemeral ports per (source, destination),
 * so the sockets are spread over source addresses 127.0.0.2, 127.0.0.3, … (all of 127/8 is loopback on Linux).
 * One token (olivia.owner, password grant, client parley-web) serves every socket; it is refreshed every minute,
 * and a socket the gateway closes because its token expired (4001; tokens live 5 minutes) is reopened with the
 * current token, so a run longer than a token's life still measures the same sockets (reopenings are counted).
 *
 * The gateway and this driver each need a file descriptor per socket: start both with `ulimit -n` above the cap
 * (a process cannot go past its hard limit; where that is 20,000 the run stops near 20,000 sockets, not at 1 GiB).
 *
 * Run from the repository root, against a gateway started for it (README: idle sockets), e.g.:
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx2g gateway/bench/IdleSockets.java \
 *       PID [gateway=ws://127.0.0.1:18080] [step=2000] [cap=60000]
 */
public class IdleSockets {
    static final long GIB_KB = 1024 * 1024;
    static final int PER_SOURCE = 20_000;

    static volatile String token;
    static final AtomicInteger closed = new AtomicInteger();
    static final AtomicInteger reopened = new AtomicInteger();
    static URI uri;
    static final List<HttpClient> clients = new ArrayList<>();

    /** One socket of the measurement: reopened when the gateway closes it for an expired token. */
    static final class Slot implements WebSocket.Listener {
        final HttpClient client;
        volatile WebSocket socket;
        volatile boolean lost;
        final AtomicInteger pongs = new AtomicInteger();

        Slot(HttpClient client) {
            this.client = client;
        }

        CompletableFuture<WebSocket> open() {
            return client.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(uri, this)
                    .thenApply(s -> socket = s);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (data.toString().contains("\"pong\"")) pongs.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == 4001) {
                reopened.incrementAndGet();
                open().exceptionally(e -> { lose(); return null; });
            } else {
                lose();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lose();
        }

        void lose() {
            if (!lost) {
                lost = true;
                closed.incrementAndGet();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long pid = Long.parseLong(args[0]);
        uri = URI.create((args.length > 1 ? args[1] : "ws://127.0.0.1:18080") + "/api/v1/realtime");
        int step = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int cap = args.length > 3 ? Integer.parseInt(args[3]) : 60_000;
        token = token();
        Thread refresher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(60_000);
                    token = token();
                } catch (Exception e) {
                    System.err.println("token refresh failed: " + e);
                }
            }
        });
        refresher.setDaemon(true);
        refresher.start();

        List<Slot> slots = new ArrayList<>();
        long start = System.nanoTime();
        gc(pid);
        long rest = rssKb(pid);
        System.out.println("| sockets open | attempted | gateway RSS after GC | RSS above rest per socket | gateway fds | elapsed |");
        System.out.println("|---|---|---|---|---|---|");
        print(row(0, 0, rest, rest, pid, start));
        int best = 0;
        long bestRss = rest;
        String stop = "cap of " + cap + " reached";
        while (slots.size() < cap) {
            int failed = 0;
            int target = Math.min(cap, slots.size() + step);
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = slots.size(); i < target; i++) {
                Slot slot = new Slot(client(i / PER_SOURCE));
                slots.add(slot);
                opening.add(slot.open());
                if (opening.size() == 200 || i == target - 1) {
                    long deadline = System.currentTimeMillis() + 20_000; // one deadline for the batch, not one per socket
                    for (CompletableFuture<WebSocket> f : opening) {
                        try {
                            f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                        } catch (Exception e) {
                            failed++;
                        }
                    }
                    opening.clear();
                    if (failed > 0) break;
                }
            }
            Thread.sleep(2_000);
            gc(pid);
            long rss = rssKb(pid);
            int open = (int) slots.stream().filter(s -> s.socket != null && !s.lost).count();
            print(row(open, slots.size(), rss, rest, pid, start));
            if (rss <= GIB_KB && open > best) {
                best = open;
                bestRss = rss;
            }
            if (failed > 0) {
                stop = failed + " sockets failed to open";
                break;
            }
            if (rss > GIB_KB) {
                stop = "RSS above 1 GiB";
                break;
            }
        }

        System.out.printf("%nstopped: %s%n", stop);
        System.out.printf("FIGURE: %,d idle sockets held with gateway RSS %d MiB (<= 1 GiB); at rest %d MiB%n",
                best, bestRss / 1024, rest / 1024);

        List<Slot> live = slots.stream().filter(s -> !s.lost && s.socket != null).toList();
        int sample = Math.min(100, live.size());
        List<Slot> pinged = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            Slot slot = live.get((int) ((long) i * live.size() / sample));
            pinged.add(slot);
            slot.socket.sendText("{\"type\":\"ping\"}", true);
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && pinged.stream().anyMatch(s -> s.pongs.get() == 0)) {
            Thread.sleep(200);
        }
        long ponged = pinged.stream().filter(s -> s.pongs.get() > 0).count();
        System.out.printf("at the end: %,d of %,d sockets still open (%d closed, %d reopened after token expiry); "
                + "%d of %d sampled sockets answered ping with pong%n",
                live.size(), slots.size(), closed.get(), reopened.get(), ponged, sample);
        for (Slot s : slots) if (s.socket != null) s.socket.abort();
        System.exit(0);
    }

    /** Socket i's client: each source address 127.0.0.(2+n) carries at most PER_SOURCE sockets. */
    static HttpClient client(int source) throws Exception {
        while (clients.size() <= source) {
            clients.add(HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName("127.0.0." + (2 + clients.size()))).build());
        }
        return clients.get(source);
    }

    /** Rows are printed as the steps go, so a run cut short still shows its table. */
    static void print(String[] row) {
        System.out.println("| " + String.join(" | ", row) + " |");
    }

    static String[] row(int open, int attempted, long rss, long rest, long pid, long start) throws Exception {
        String perSocket = open == 0 ? "-" : String.format("%.1f KiB", (rss - rest) / (double) open);
        long fds;
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = entries.count();
        }
        return new String[] {String.format("%,d", open), String.format("%,d", attempted),
                String.format("%d MiB", rss / 1024), perSocket, String.format("%,d", fds),
                String.format("%d s", (System.nanoTime() - start) / 1_000_000_000L)};
    }

    /** A full GC in the gateway first, so RSS reflects what the sockets hold, not garbage (jcmd from the JDK). */
    static void gc(long pid) throws Exception {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(2_000);
    }

    static long rssKb(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }

    static String token() throws Exception {
        String form = "grant_type=password&client_id=parley-web&username=olivia.owner&password="
                + URLEncoder.encode("parley", StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int start = body.indexOf("\"access_token\":\"") + 16;
        return body.substring(start, body.indexOf('"', start));
    }
}
