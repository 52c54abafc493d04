package dev.parley.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An authorization matrix written as one readable table per service: endpoint × actor → expected HTTP status,
 * run over HTTP against the real service with real Keycloak tokens ({@link Actors}).
 *
 * <pre>
 * METHOD path                                         owner admin ... otherWs     (the header: Actors.PEOPLE)
 * GET    /api/v1/workspaces/{ws}/clients              200   200   ... 404
 * DELETE /api/v1/workspaces/{ws}/clients/{clientId}   204   204   ... 404
 * GET    /api/v1/workspaces/{ws}/x/{id} @PRIVATE      ...                          (a variant: same endpoint, other data)
 * </pre>
 * Every row is also sent with each of {@link Actors#BAD_TOKENS}, which must be 401. {@code {ws}} is the actors'
 * workspace; every other path parameter and every body comes from the service's test ({@link #param},
 * {@link #body}), called once per check so rows that create or delete can hand each actor fresh data.
 * {@link #assertCoversOpenApi()} fails when the service's own OpenAPI document has an endpoint without a row, so a
 * new endpoint cannot be left out. Error answers must be problem+json ({@code forbidden}, {@code not-found}) and
 * never carry a stack trace or a class name.
 */
public final class AccessTable {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of the table. {@code variant} is the optional {@code @name} after the path, "" when absent. */
    public record Row(String method, String path, String variant, Map<String, Integer> expected) {
        public String endpoint() {
            return method + " " + path;
        }

        @Override
        public String toString() {
            return endpoint() + (variant.isEmpty() ? "" : " @" + variant);
        }
    }

    /** One check: a row sent by one actor. */
    public record Call(Row row, String actor) {
        public String variant() {
            return row.variant();
        }
    }

    private final List<Row> rows;
    private final Actors actors;
    private final Map<String, Function<Call, String>> params = new HashMap<>();
    private final Map<String, Function<Call, Object>> bodies = new HashMap<>();
    private final Map<String, String> contentTypes = new HashMap<>();
    private final Map<String, Function<Call, Part>> parts = new HashMap<>();

    /** A file sent as a multipart/form-data part. */
    public record Part(String name, String fileName, byte[] bytes, String mimeType) {
    }

    private AccessTable(List<Row> rows, Actors actors) {
        this.rows = rows;
        this.actors = actors;
    }

    /** Parses the table (blank lines and lines starting with # are skipped; the first other line is the header). */
    public static AccessTable parse(String text, Actors actors) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String[] header = lines.get(0).split("\\s+");
        List<String> columns = List.of(header).subList(2, header.length);
        if (!columns.equals(Actors.PEOPLE)) {
            throw new IllegalArgumentException("the header's actors must be " + Actors.PEOPLE + ", not " + columns);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = new ArrayList<>(List.of(line.split("\\s+")));
            String method = cells.remove(0).toUpperCase(Locale.ROOT);
            String path = cells.remove(0);
            String variant = cells.get(0).startsWith("@") ? cells.remove(0).substring(1) : "";
            if (cells.size() != columns.size()) {
                throw new IllegalArgumentException("row '" + line + "' has " + cells.size() + " cells, not " + columns.size());
            }
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                expected.put(columns.get(i), Integer.parseInt(cells.get(i)));
            }
            rows.add(new Row(method, path, variant, expected));
        }
        return new AccessTable(rows, actors);
    }

    /** The value of path parameter {@code {name}} for a check (called once per check). */
    public AccessTable param(String name, Function<Call, String> value) {
        params.put(name, value);
        return this;
    }

    /** The body sent by {@code endpoint} ("POST /api/v1/..."), serialised as JSON unless a String. */
    public AccessTable body(String endpoint, Function<Call, Object> body) {
        bodies.put(endpoint, body);
        return this;
    }

    /** The endpoint takes multipart/form-data: this part is sent (called once per check). */
    public AccessTable multipart(String endpoint, Function<Call, Part> part) {
        parts.put(endpoint, part);
        return this;
    }

    /** A content type other than JSON for an endpoint (e.g. {@code message/rfc822}). */
    public AccessTable contentType(String endpoint, String contentType) {
        contentTypes.put(endpoint, contentType);
        return this;
    }

    public List<Row> rows() {
        return rows;
    }

    public Actors actors() {
        return actors;
    }

    /** Checks run: rows × (people + bad tokens). */
    public int size() {
        return rows.size() * (Actors.PEOPLE.size() + Actors.BAD_TOKENS.size());
    }

    /**
     * One dynamic test per check. First a control: a short-lived token of the owner works before it expires (so
     * the {@code expired} column proves expiry, not a token that never worked); the expired checks run last.
     */
    public Stream<DynamicTest> checks() {
        List<DynamicTest> tests = new ArrayList<>();
        Row control = rows.stream().filter(r -> r.method().equals("GET") && r.expected().get("owner") == 200)
                .findFirst().orElseThrow(() -> new IllegalStateException("no GET row the owner may read, for the control"));
        String[] shortLived = new String[1];
        tests.add(DynamicTest.dynamicTest("control: a fresh short-lived token of the owner reads " + control, () -> {
            shortLived[0] = Keycloak.shortLivedToken(actors.person("owner"));
            Response response = send(control, "owner", "Bearer " + shortLived[0]);
            assertEquals(200, response.statusCode(), response.asString());
        }));
        for (Row row : rows) {
            for (String actor : Actors.PEOPLE) {
                int expected = row.expected().get(actor);
                tests.add(DynamicTest.dynamicTest(row + " as " + actor + " → " + expected, () -> {
                    Response response = send(row, actor, actors.person(actor).bearer());
                    assertAnswer(row, actor, expected, response);
                }));
            }
            tests.add(DynamicTest.dynamicTest(row + " without a token → 401",
                    () -> assertAnswer(row, "none", 401, send(row, "none", null))));
            tests.add(DynamicTest.dynamicTest(row + " with a forged signature → 401",
                    () -> assertAnswer(row, "forged", 401, send(row, "forged", "Bearer " + BadTokens.forged(actors.person("owner"))))));
            tests.add(DynamicTest.dynamicTest(row + " from another issuer → 401",
                    () -> assertAnswer(row, "otherIssuer", 401, send(row, "otherIssuer", "Bearer " + BadTokens.otherIssuer(actors.person("owner"))))));
        }
        for (Row row : rows) {
            tests.add(DynamicTest.dynamicTest(row + " with an expired token → 401", () -> {
                awaitExpiry(shortLived[0]);
                assertAnswer(row, "expired", 401, send(row, "expired", "Bearer " + shortLived[0]));
            }));
        }
        return tests.stream();
    }

    /** Fails unless every (method, path) of the service's /q/openapi has a row, and every row an endpoint there. */
    public void assertCoversOpenApi() {
        String document = RestAssured.given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        Set<String> served = new TreeSet<>();
        try {
            JsonNode paths = JSON.readTree(document).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase(Locale.ROOT);
                    if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS").contains(method)) {
                        served.add(method + " " + normalise(path.getKey()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
        assertFalse(served.isEmpty(), "the OpenAPI document lists no endpoint");
        Set<String> tabled = new TreeSet<>();
        rows.forEach(r -> tabled.add(r.method() + " " + normalise(r.path())));
        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(tabled);
        Set<String> stale = new TreeSet<>(tabled);
        stale.removeAll(served);
        assertTrue(missing.isEmpty(), "endpoints without a row in the authorization table: " + missing);
        assertTrue(stale.isEmpty(), "rows for endpoints the service does not serve: " + stale);
    }

    /** Path parameters named differently in code and table still match: /a/{x}/b?q=1 → /a/{}/b. */
    private static String normalise(String path) {
        int query = path.indexOf('?');
        return PARAM.matcher(query < 0 ? path : path.substring(0, query)).replaceAll("{}");
    }

    private Response send(Row row, String actor, String authorization) {
        return send(new Call(row, actor), authorization, Map.of(), null);
    }

    /** "Bearer ..." of one of {@link Actors#PEOPLE}. */
    String bearer(String actor) {
        return actors.person(actor).bearer();
    }

    boolean hasJsonBody(Row row) {
        return bodies.containsKey(row.endpoint()) && !contentTypes.containsKey(row.endpoint())
                && jsonBody(new Call(row, "owner")) != null;
    }

    /** The row's valid body as a JSON object (null when it is not one). */
    com.fasterxml.jackson.databind.node.ObjectNode jsonBody(Call call) {
        JsonNode node = JSON.valueToTree(bodies.get(call.row().endpoint()).apply(call));
        return node instanceof com.fasterxml.jackson.databind.node.ObjectNode object ? object : null;
    }

    /**
     * Sends a row as an actor: path parameters from {@link #param} unless {@code overrides} names them, the body from
     * {@link #body} unless {@code rawBody} is given.
     */
    Response send(Call call, String authorization, Map<String, String> overrides, String rawBody) {
        Row row = call.row();
        Matcher matcher = PARAM.matcher(row.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value;
            if (overrides.containsKey(name)) {
                value = overrides.get(name);
            } else if (name.equals("ws")) {
                value = actors.workspaceId().toString();
            } else {
                Function<Call, String> supplier = params.get(name);
                if (supplier == null) {
                    throw new IllegalStateException("no value for {" + name + "} in " + row);
                }
                value = supplier.apply(call);
            }
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        RequestSpecification request = RestAssured.given().urlEncodingEnabled(false);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Function<Call, Object> body = bodies.get(row.endpoint());
        Function<Call, Part> part = parts.get(row.endpoint());
        if (rawBody == null && part != null) {
            Part file = part.apply(call);
            request.multiPart(file.name(), file.fileName(), file.bytes(), file.mimeType());
        } else if (rawBody != null || body != null) {
            Object value = rawBody != null ? rawBody : body.apply(call);
            request.contentType(contentTypes.getOrDefault(row.endpoint(), "application/json"));
            // the typed overloads: body(Object) would try to serialise bytes or text as an object
            if (value instanceof byte[] bytes) {
                request.body(bytes);
            } else if (value instanceof String text) {
                request.body(text);
            } else {
                try {
                    request.body(JSON.writeValueAsString(value));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (!row.method().equals("GET") && !row.method().equals("DELETE")) {
            request.contentType(contentTypes.getOrDefault(row.endpoint(), "application/json"));
        }
        return request.request(row.method(), path.toString());
    }

    private static void assertAnswer(Row row, String actor, int expected, Response response) {
        String body = response.asString();
        assertEquals(expected, response.statusCode(), row + " as " + actor + ": " + body);
        assertNoLeak(body);
        if (expected == 403 || expected == 404) {
            assertTrue(response.contentType().startsWith("application/problem+json"), row + " as " + actor + ": " + response.contentType());
            assertEquals(expected == 403 ? "forbidden" : "not-found", response.jsonPath().getString("code"), body);
        }
    }

    /** No stack trace, exception or Java class name in what a caller sees. */
    public static void assertNoLeak(String body) {
        assertFalse(body.matches("(?s).*\\bat [a-z]+\\.[a-zA-Z.$]+\\(.*"), "a stack trace in: " + body);
        assertFalse(body.matches("(?s).*\\b(java|javax|jakarta|io\\.quarkus|io\\.vertx|org\\.hibernate|com\\.fasterxml|org\\.postgresql|dev\\.parley)\\.[a-zA-Z].*"),
                "a class name in: " + body);
        assertFalse(body.contains("Exception"), "an exception in: " + body);
    }

    private static void awaitExpiry(String token) throws InterruptedException {
        // Keycloak's and the service's clocks are this machine's; one second past exp is expired for both
        long until = (BadTokens.expiresAt(token) + 1) * 1000;
        while (System.currentTimeMillis() < until) {
            Thread.sleep(until - System.currentTimeMillis());
        }
    }
}
