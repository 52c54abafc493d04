package dev.parley.system;

import dev.parley.common.testing.ConsumerLag;
import dev.parley.common.testing.LocalStack;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;

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

    static RequestSpecification as(String token) {
        return given().baseUri(GATEWAY).auth().oauth2(token).contentType("application/json");
    }
}
