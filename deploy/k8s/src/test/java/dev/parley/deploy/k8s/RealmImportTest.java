package dev.parley.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KeycloakRealmImport is the local realm (deploy/keycloak/parley-realm.json) made fit for production, and
 * nothing else: a change to the local realm that is not carried over fails here.
 */
class RealmImportTest {
    /** The differences production is allowed to have, as JSON pointers (clients are matched by clientId). */
    private static final Set<String> ALLOWED = Set.of(
            "/bruteForceProtected",
            "/clients/parley-web/directAccessGrantsEnabled",
            "/clients/parley-web/description",
            "/clients/parley-web/redirectUris",
            "/clients/parley-web/webOrigins",
            "/clients/parley-services/secret",
            // local realm only: a client whose tokens live 8 s, for tests that watch expiry
            "/clients/parley-tests-short-lived",
            "/users");

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    private static JsonNode realm(String overlay) {
        return Manifests.find(Manifests.render(overlay), "KeycloakRealmImport", "parley-realm").orElseThrow().at("/spec/realm");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theProductionRealmDiffersFromTheLocalOneOnlyWhereItMust(String overlay) throws IOException {
        JsonNode local = new ObjectMapper().readTree(Manifests.root().resolve("deploy/keycloak/parley-realm.json").toFile());
        Set<String> differences = new TreeSet<>();
        diff("", local, realm(overlay), differences);
        differences.removeAll(ALLOWED);
        assertEquals(Set.of(), differences, "realm differences not carried over from deploy/keycloak/parley-realm.json");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theProductionRealmHasNoDemoUsersNoPasswordGrantsAndNoCommittedSecret(String overlay) {
        JsonNode realm = realm(overlay);
        for (JsonNode user : realm.path("users")) {
            assertTrue(user.path("username").asText().startsWith("service-account-"), "demo user in prod realm: " + user.path("username"));
            assertTrue(user.path("credentials").isMissingNode(), "credentials in prod realm");
        }
        for (JsonNode client : realm.path("clients")) {
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(), client.path("clientId") + " allows password grants");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(), client.path("clientId") + " allows the implicit flow");
            if (client.has("secret")) {
                assertEquals("${PARLEY_SERVICES_SECRET}", client.path("secret").asText(), "client secret must be a placeholder");
            }
            for (JsonNode uri : client.path("redirectUris")) {
                assertTrue(uri.asText().startsWith("https://"), "non-https redirect URI " + uri);
            }
        }
        JsonNode placeholder = Manifests.find(Manifests.render(overlay), "KeycloakRealmImport", "parley-realm").orElseThrow()
                .at("/spec/placeholders/PARLEY_SERVICES_SECRET/secret");
        assertEquals("parley-keycloak-services", placeholder.path("name").asText());
    }

    private static void diff(String path, JsonNode a, JsonNode b, Set<String> out) {
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!a.has(k) || !b.has(k)) {
                    out.add(path + "/" + k);
                } else {
                    diff(path + "/" + k, a.get(k), b.get(k), out);
                }
            }
        } else if (path.equals("/clients") && a.isArray() && b.isArray()) {
            List<String> seen = new ArrayList<>();
            for (JsonNode ca : a) {
                String id = ca.path("clientId").asText();
                seen.add(id);
                JsonNode cb = null;
                for (Iterator<JsonNode> it = b.elements(); it.hasNext(); ) {
                    JsonNode c = it.next();
                    if (id.equals(c.path("clientId").asText())) {
                        cb = c;
                    }
                }
                if (cb == null) {
                    out.add(path + "/" + id);
                } else {
                    diff(path + "/" + id, ca, cb, out);
                }
            }
            b.forEach(cb -> {
                if (!seen.contains(cb.path("clientId").asText())) {
                    out.add(path + "/" + cb.path("clientId").asText());
                }
            });
        } else if (!a.equals(b)) {
            out.add(path);
        }
    }
}
