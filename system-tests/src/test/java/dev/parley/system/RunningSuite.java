package dev.parley.system;

import dev.parley.common.testing.ConsumerLag;
import dev.parley.common.testing.LocalStack;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.oneOf;

/**
 * The whole suite as processes: the real stack (deploy/local/stack) and the five services built by this reactor,
 * started by deploy/local/services (which leaves services that already answer alone). Tests talk to the gateway
 * only, as a web or mobile app would.
 */
public class RunningSuite implements BeforeAllCallback {
    public static final String GATEWAY = "http://127.0.0.1:8080";
    /** The consumer groups of the services (each gateway instance has a group of its own that starts at the end). */
    private static final List<String> SERVICE_GROUPS =
            List.of("conversation-service", "notification-service", "announcement-service");
    private static volatile boolean started;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        LocalStack.ensureUp();
        LocalStack.run(LocalStack.repositoryRoot().resolve("deploy/local/services").toString(), "up");
        // On a stack the module tests filled, the services first replay those tests' events (their groups start at
        // the earliest offset, as in production); what the suite publishes must not queue behind that backlog.
        ConsumerLag.awaitCaughtUp(SERVICE_GROUPS, Duration.ofMinutes(15));
        RestAssured.baseURI = GATEWAY;
        started = true;
    }

    /**
     * A second process of {@code module} from the same build on {@code port}, as a second instance behind a
     * balancer would be, with the local environment deploy/local/services gives the first; ready when this returns.
     * Its output goes to .stack/services/&lt;module&gt;-second.log.
     */
    static Process startSecond(String module, int port) throws IOException {
        Path root = LocalStack.repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx160m", "-jar",
                root.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve(".stack/services/" + module + "-second.log").toFile());
        for (String line : Files.readAllLines(root.resolve("deploy/local/local.env"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                builder.environment().putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> !process.isAlive() || ready(port));
        } catch (RuntimeException e) {
            process.destroy();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the second " + module + " exited with " + process.exitValue());
        }
        return process;
    }

    static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The client's CLIENT conversation, once conversation-service has opened it from ClientRegistered (the list is
     * 404 until it has projected the workspace, then empty until the conversation exists).
     */
    static String clientConversation(String ownerToken, String workspaceId, String clientId) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> as(ownerToken).queryParam("clientId", clientId)
                        .get("/api/v1/workspaces/" + workspaceId + "/conversations")
                        .then().statusCode(oneOf(200, 404)).extract().<String>path("items[0].id"),
                id -> id != null);
    }

    static RequestSpecification as(String token) {
        return given().baseUri(GATEWAY).auth().oauth2(token).contentType("application/json");
    }
}
