package dev.parley.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input on every endpoint of an {@link AccessTable}, sent by an actor the table allows (so the refusal is
 * about the input, not the caller). For every row with a JSON body:
 * <pre>
 * malformed JSON, a JSON array, an empty body      → 400 validation-failed
 * an unknown field, each server-owned field         → 400 validation-failed (DESIGN 9: requests ignore nothing)
 * each field with the wrong JSON type               → 400 validation-failed
 * a body over the service's max-body-size          → 413 too-large
 * </pre>
 * and nothing stored (the row's {@link #stored fingerprint} is unchanged). For every row with path parameters,
 * each parameter in turn as an SQL fragment (not a UUID) → 404 not-found (an id that cannot exist
 * is a resource that does not exist; DESIGN 2: 404 reveals nothing). Every answer is problem+json with type,
 * title, status and detail, and carries no stack trace or class name.
 */
public final class HostileInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    /** Fields no request may set: the server assigns them (DESIGN 9). Rows may add their own. */
    public static final List<String> SERVER_OWNED = List.of("id", "workspaceId", "createdAt");
    public static final List<String> BAD_IDS = List.of("1%27%20OR%20%271%27%3D%271");

    private final AccessTable table;
    private final Map<String, List<String>> serverOwned = new HashMap<>();
    private final Map<String, Function<AccessTable.Call, Object>> fingerprints = new HashMap<>();
    private final java.util.Set<String> bodyOptional = new java.util.HashSet<>();
    private final Map<String, Map<String, java.util.function.BiFunction<AccessTable.Call, Response, String>>> inert = new HashMap<>();
    /** Text that would do harm if a layer interpreted it instead of storing it. */
    public static final List<String> PAYLOADS = List.of("'; DROP TABLE message; --", "\" OR \"1\"=\"1",
            "<script>alert(document.cookie)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1/x}",
            "{{7*7}} #{7*7} %s %n", "../../../etc/passwd");

    public HostileInput(AccessTable table) {
        this.table = table;
    }

    /** More server-owned fields of an endpoint ("POST /api/v1/..."), e.g. seq, sender, status. */
    public HostileInput serverOwned(String endpoint, String... fields) {
        serverOwned.put(endpoint, List.of(fields));
        return this;
    }

    /** What the endpoint would change, read back (e.g. the size of a list): must be equal after a refusal. */
    public HostileInput stored(String endpoint, Function<AccessTable.Call, Object> fingerprint) {
        fingerprints.put(endpoint, fingerprint);
        return this;
    }

    /**
     * A text field the endpoint stores: each of {@link #PAYLOADS} is accepted and read back unchanged by
     * {@code readBack} (given the accepted response), i.e. stored as inert text, never executed or rewritten.
     */
    public HostileInput inert(String endpoint, String field, java.util.function.BiFunction<AccessTable.Call, Response, String> readBack) {
        inert.computeIfAbsent(endpoint, e -> new java.util.LinkedHashMap<>()).put(field, readBack);
        return this;
    }

    /** An endpoint whose body may be left out (no "empty body" case). */
    public HostileInput bodyOptional(String endpoint) {
        bodyOptional.add(endpoint);
        return this;
    }

    public Stream<DynamicTest> checks() {
        List<DynamicTest> tests = new ArrayList<>();
        for (AccessTable.Row row : table.rows()) {
            String actor = allowedActor(row);
            if (actor == null || !row.variant().isEmpty()) {
                continue;
            }
            AccessTable.Call call = new AccessTable.Call(row, actor);
            if (table.hasJsonBody(row)) {
                for (Map.Entry<String, Function<ObjectNode, String>> attack : bodyAttacks(row, call).entrySet()) {
                    tests.add(DynamicTest.dynamicTest(row + ": " + attack.getKey() + " → 400", () -> refused(call, 400,
                            "validation-failed", attack.getValue())));
                }
                inert.getOrDefault(row.endpoint(), Map.of()).forEach((field, readBack) -> {
                    for (String payload : PAYLOADS) {
                        tests.add(DynamicTest.dynamicTest(row + ": '" + field + "' = " + payload + " is stored as inert text", () -> {
                            Response response = table.send(call, table.bearer(actor), Map.of(),
                                    with(table.jsonBody(call), field, JSON.getNodeFactory().textNode(payload)));
                            assertEquals(2, response.statusCode() / 100, response.asString());
                            assertEquals(payload, readBack.apply(call, response));
                        }));
                    }
                });
                tests.add(DynamicTest.dynamicTest(row + ": a body over the service's limit → 413", () -> refused(call, 413,
                        "too-large", valid -> "{\"x\":\"" + "a".repeat((int) maxBodyBytes() + 1024) + "\"}")));
            }
            Matcher params = PARAM.matcher(row.path());
            while (params.find()) {
                String name = params.group(1);
                for (String bad : BAD_IDS) {
                    tests.add(DynamicTest.dynamicTest(row + ": {" + name + "} = " + bad + " → 404", () -> {
                        Response response = table.send(call, table.bearer(actor), Map.of(name, bad), null);
                        assertProblem(response, 404, "not-found");
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** quarkus.http.limits.max-body-size of the service under test (e.g. 1M, 26M). */
    private static long maxBodyBytes() {
        String value = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.limits.max-body-size", String.class).trim().toUpperCase(java.util.Locale.ROOT);
        char unit = value.charAt(value.length() - 1);
        long factor = switch (unit) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(Character.isDigit(unit) ? value : value.substring(0, value.length() - 1)) * factor;
    }

    /** The first actor the table allows (2xx) on the row, the owner if it can. */
    private static String allowedActor(AccessTable.Row row) {
        return row.expected().entrySet().stream().filter(e -> e.getValue() / 100 == 2).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    private Map<String, Function<ObjectNode, String>> bodyAttacks(AccessTable.Row row, AccessTable.Call call) {
        Map<String, Function<ObjectNode, String>> attacks = new java.util.LinkedHashMap<>();
        attacks.put("malformed JSON", valid -> valid.toString().substring(0, valid.toString().length() / 2));
        attacks.put("a JSON array", valid -> "[" + valid + "]");
        if (!bodyOptional.contains(row.endpoint())) {
            attacks.put("an empty body", valid -> "");
        }
        attacks.put("an unknown field", valid -> with(valid, "surprise", JSON.getNodeFactory().textNode("x")));
        List<String> owned = new ArrayList<>(SERVER_OWNED);
        owned.addAll(serverOwned.getOrDefault(row.endpoint(), List.of()));
        for (String field : owned) {
            attacks.put("server-owned '" + field + "'", valid -> with(valid, field, JSON.getNodeFactory().textNode(
                    field.endsWith("Id") || field.equals("id") ? java.util.UUID.randomUUID().toString() : "1")));
        }
        ObjectNode sample = table.jsonBody(call);
        for (Iterator<String> fields = sample.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            attacks.put("'" + field + "' of the wrong type", valid -> with(valid, field, wrongType(valid.get(field))));
            if (sample.get(field).isTextual()) {
                // PostgreSQL cannot store NUL in text: without a check this is a 500 (or a silently cut value)
                attacks.put("'" + field + "' with a NUL character", valid -> with(valid, field,
                        JSON.getNodeFactory().textNode("before\u0000after")));
            }
        }
        return attacks;
    }

    private void refused(AccessTable.Call call, int status, String code, Function<ObjectNode, String> attack) {
        Function<AccessTable.Call, Object> fingerprint = fingerprints.get(call.row().endpoint());
        Object before = fingerprint == null ? null : fingerprint.apply(call);
        String body = attack.apply(table.jsonBody(call));
        Response response = table.send(call, table.bearer(call.actor()), Map.of(), body);
        assertProblem(response, status, code);
        if (fingerprint != null) {
            assertEquals(before, fingerprint.apply(call), call.row() + ": something was stored");
        }
    }

    /** problem+json with the RFC 9457 members and the stable code; nothing internal. */
    public static void assertProblem(Response response, int status, String code) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), body);
        AccessTable.assertNoLeak(body);
        assertTrue(String.valueOf(response.contentType()).startsWith("application/problem+json"), status + " as "
                + response.contentType() + ": " + body);
        assertEquals(status, response.jsonPath().getInt("status"), body);
        assertEquals(code, response.jsonPath().getString("code"), body);
        for (String member : List.of("type", "title", "detail")) {
            assertTrue(response.jsonPath().getString(member) != null && !response.jsonPath().getString(member).isBlank(),
                    "no " + member + " in " + body);
        }
    }

    private static String with(ObjectNode valid, String field, JsonNode value) {
        ObjectNode copy = valid.deepCopy();
        copy.set(field, value);
        return copy.toString();
    }

    /** A JSON value no field of that type accepts: an object where a scalar or list is expected, else an array. */
    private static JsonNode wrongType(JsonNode value) {
        if (value != null && value.isObject()) {
            return JSON.getNodeFactory().arrayNode().add(1);
        }
        return JSON.getNodeFactory().objectNode().put("nested", true);
    }
}
