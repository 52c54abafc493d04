package dev.parley.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/openapi}: one OpenAPI document for the whole public API, merged from every service's own
 * {@code /q/openapi} (their paths already start {@code /api/v1}). Cached for a minute; a service that does not
 * answer is left out and named in {@code x-parley-missing} rather than failing the whole document. The Swagger UI
 * at {@code /api/v1/openapi-ui} browses it.
 */
@ApplicationScoped
public class MergedOpenApi {
    public static final String PATH = "/api/v1/openapi";
    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CACHE_MILLIS = 60_000;

    private final Map<String, URI> services = new LinkedHashMap<>();
    private HttpClient client;
    private volatile String cached;
    private volatile long cachedAt;

    public MergedOpenApi(GatewayConfig config) {
        services.put("identity-permission-service", config.services().identity());
        services.put("conversation-service", config.services().conversation());
        services.put("notification-service", config.services().notification());
        services.put("announcement-service", config.services().announcement());
    }

    void register(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient();
        router.get(PATH).order(50).handler(this::serve);
    }

    private void serve(RoutingContext rc) {
        String document = cached;
        if (document != null && System.currentTimeMillis() - cachedAt < CACHE_MILLIS) {
            rc.response().putHeader("Content-Type", "application/json").end(document);
            return;
        }
        List<Future<JsonNode>> fetches = new ArrayList<>();
        services.values().forEach(uri -> fetches.add(fetch(uri)));
        Future.join(fetches).onComplete(done -> {
            Map<String, JsonNode> documents = new LinkedHashMap<>();
            int i = 0;
            for (String service : services.keySet()) {
                Future<JsonNode> fetch = fetches.get(i++);
                documents.put(service, fetch.succeeded() ? fetch.result() : null);
            }
            String merged = merge(documents).toString();
            if (documents.values().stream().allMatch(d -> d != null)) {
                cached = merged;
                cachedAt = System.currentTimeMillis();
            }
            rc.response().putHeader("Content-Type", "application/json").end(merged);
        });
    }

    private Future<JsonNode> fetch(URI service) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(service.getHost())
                .setPort(service.getPort()).setURI("/q/openapi?format=json").setTimeout(3_000);
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body() : Future.failedFuture("status " + response.statusCode()))
                .map(MergedOpenApi::parse)
                .onFailure(e -> LOG.warnf("OpenAPI of %s unavailable: %s", service, e.toString()));
    }

    private static JsonNode parse(Buffer body) {
        try {
            return JSON.readTree(body.getBytes());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON", e);
        }
    }

    /** Paths and component schemas of every document in one; the first definition of a schema name wins. */
    static ObjectNode merge(Map<String, JsonNode> documents) {
        ObjectNode merged = JSON.createObjectNode().put("openapi", "3.0.3");
        merged.putObject("info").put("title", "Parley API").put("version", "v1")
                .put("description", "The public API of Parley, served by the gateway. Every path needs a bearer token "
                        + "from the parley realm. Errors are application/problem+json with a stable code.");
        merged.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        components.putObject("securitySchemes").putObject("bearer")
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        merged.putArray("security").addObject().putArray("bearer");
        ArrayNode missing = JSON.createArrayNode();
        documents.forEach((service, document) -> {
            if (document == null) {
                missing.add(service);
                return;
            }
            copyFields(document.path("paths"), paths, service);
            copyFields(document.path("components").path("schemas"), schemas, null);
        });
        if (!missing.isEmpty()) {
            merged.set("x-parley-missing", missing);
        }
        return merged;
    }

    private static void copyFields(JsonNode from, ObjectNode to, String service) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (to.has(field.getKey())) {
                continue;
            }
            JsonNode value = field.getValue().deepCopy();
            if (service != null && value instanceof ObjectNode operations) {
                operations.fields().forEachRemaining(op -> {
                    if (op.getValue() instanceof ObjectNode operation) {
                        operation.putArray("tags").add(service);
                    }
                });
            }
            to.set(field.getKey(), value);
        }
    }
}
