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
import java.util.concurrent.TimeUnit;

/**
 * How much memory an idle realtime socket costs the gateway: opens N sockets (one token, a demo user's), waits for
 * the gateway to settle, and prints the gateway's RSS before and after, the cost per socket, and how many idle
 * sockets would fit in 1 GB at that cost (an extrapolation, printed as such).
 *
 * Run from the repository root with the suite up (./parley run):
 *   java gateway/bench/IdleSockets.java [sockets=4000] [gateway=http://127.0.0.1:8080]
 */
public class IdleSockets {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        String gateway = args.length > 1 ? args[1] : "http://127.0.0.1:8080";
        long pid = Long.parseLong(Files.readString(Path.of(".stack/services/gateway.pid")).trim());
        String token = token();

        gc(pid);
        long before = rssKb(pid);
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        URI uri = URI.create(gateway.replace("http", "ws") + "/api/v1/realtime");
        for (int i = 0; i < count; i++) {
            opening.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(uri, new WebSocket.Listener() { }));
            if (opening.size() == 200) {
                for (CompletableFuture<WebSocket> f : opening) sockets.add(f.get(30, TimeUnit.SECONDS));
                opening.clear();
            }
        }
        for (CompletableFuture<WebSocket> f : opening) sockets.add(f.get(30, TimeUnit.SECONDS));
        Thread.sleep(5_000);
        gc(pid);
        long after = rssKb(pid);
        double perSocketKb = (after - before) / (double) sockets.size();
        System.out.printf("| figure | value |%n|---|---|%n");
        System.out.printf("| idle sockets open | %d |%n", sockets.size());
        System.out.printf("| gateway RSS before / after | %d MB / %d MB |%n", before / 1024, after / 1024);
        System.out.printf("| RSS per idle socket | %.1f KB |%n", perSocketKb);
        System.out.printf("| idle sockets within 1 GB of RSS (extrapolated from the above, after the %d MB at rest) | %,d |%n",
                before / 1024, (long) ((1024 * 1024 - before) / Math.max(perSocketKb, 0.001)));
        for (WebSocket s : sockets) s.abort();
    }

    /** A full GC in the gateway first, so RSS reflects what the sockets hold, not garbage (jcmd from the JDK). */
    private static void gc(long pid) throws Exception {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(2_000);
    }

    private static long rssKb(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }

    private static String token() throws Exception {
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
