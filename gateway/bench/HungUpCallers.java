import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The overload wedge at full scale, without the real services: a stand-in announcement-service that takes requests
 * and never answers them, a gateway routed to it, and N callers that hang up once the gateway's pool to it is full
 * (as the bench's callers do after their 15 s timeout). Prints how many connections the gateway still holds to
 * the service afterwards, and how long the next calls through the gateway take (each bounded at 30 s).
 *
 * Start a gateway on a free port pointing its announcement route here, with rate limits out of the way, e.g.
 *   QUARKUS_HTTP_PORT=18080 PARLEY_ANNOUNCEMENT_URL=http://127.0.0.1:18183 PARLEY_RATE_IP_BURST=100000 \
 *   PARLEY_RATE_USER_BURST=100000 java -jar gateway/target/quarkus-app/quarkus-run.jar
 * then, with a demo user's token from the local Keycloak:
 *   PARLEY_TOKEN=$(curl -s -d grant_type=password -d client_id=parley-web -d username=olivia.owner -d password=parley \
 *     http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token | jq -r .access_token) \
 *   java gateway/bench/HungUpCallers.java [callers=768] [pool=256] [gateway=http://127.0.0.1:18080] [servicePort=18183]
 */
public class HungUpCallers {
    static final String PATH = "/api/v1/workspaces/0191b7a2-0000-7000-8000-000000000001/announcements";

    public static void main(String[] args) throws Exception {
        int callers = args.length > 0 ? Integer.parseInt(args[0]) : 768;
        int pool = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        URI gateway = URI.create(args.length > 2 ? args[2] : "http://127.0.0.1:18080");
        int servicePort = args.length > 3 ? Integer.parseInt(args[3]) : 18183;
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        AtomicInteger hangs = new AtomicInteger();
        ServerSocket service = new ServerSocket(servicePort, 4096, InetAddress.getLoopbackAddress());
        start(() -> serve(service, opened, requests, held, hangs));
        String token = System.getenv("PARLEY_TOKEN");
        if (token == null) throw new IllegalArgumentException("PARLEY_TOKEN: an access token (see the comment above)");

        String before = call(gateway, token); // also warms the JDK's HTTP client, so the calls after compare

        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Socket caller = new Socket(gateway.getHost(), gateway.getPort());
            OutputStream out = caller.getOutputStream();
            out.write(("GET " + PATH + "/hang HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(caller);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (held.get() < pool && System.nanoTime() < deadline) Thread.sleep(50);
        System.out.printf("unanswered requests at the service before the callers hung up: %d (pool %d, callers %d)%n",
                held.get(), pool, callers);
        int hangsBefore = hangs.get();
        for (Socket caller : sockets) caller.close();

        Thread.sleep(5_000);
        // three calls in a row: a pool held by abandoned requests shows as timeouts here
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 3; i++) next.add(call(gateway, token));
        System.out.printf("| figure | value |%n|---|---|%n");
        System.out.printf("| a call before the overload | %s |%n", before);
        System.out.printf("| callers that hung up | %d |%n", callers);
        System.out.printf("| connections the gateway opened to the service | %d |%n", opened.get());
        System.out.printf("| requests the service received | %d |%n", requests.get());
        System.out.printf("| abandoned requests that reached the service after their callers hung up | %d |%n",
                hangs.get() - hangsBefore);
        System.out.printf("| connections held by an unanswered request after the calls below | %d |%n", held.get());
        System.out.printf("| next 3 calls through the gateway, one after another | %s |%n", String.join(", ", next));
        System.exit(0);
    }

    /** A call the service answers at once: its status (or failure) and how long it took through the gateway. */
    private static String call(URI gateway, String token) throws InterruptedException {
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = Integer.toString(HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.resolve(PATH))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
        }
        return outcome + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    /** Answers {@code /hang} never and anything else at once; counts connections holding an unanswered request. */
    private static void serve(ServerSocket service, AtomicInteger opened, AtomicInteger requests, AtomicInteger held,
                              AtomicInteger hangs) {
        while (true) {
            Socket connection;
            try {
                connection = service.accept();
            } catch (IOException e) {
                return;
            }
            opened.incrementAndGet();
            start(() -> {
                boolean holding = false;
                try (connection) {
                    InputStream in = connection.getInputStream();
                    StringBuilder head = new StringBuilder();
                    int b;
                    while ((b = in.read()) != -1) {
                        head.append((char) b);
                        if (head.toString().endsWith("\r\n\r\n")) {
                            requests.incrementAndGet();
                            if (head.toString().startsWith("GET " + PATH + "/hang")) {
                                holding = true;
                                hangs.incrementAndGet();
                                held.incrementAndGet();
                            } else {
                                connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                            }
                            head.setLength(0);
                        }
                    }
                } catch (IOException e) {
                    // reset by the gateway: as good as closed
                } finally {
                    if (holding) held.decrementAndGet();
                }
            });
        }
    }

    private static void start(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
    }
}
