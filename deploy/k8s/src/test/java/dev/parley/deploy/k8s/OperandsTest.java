package dev.parley.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the operators' resources must say for Parley to run, including the CloudNativePG and Keycloak resources
 * that have no schema reachable from here (Schemas.WITHOUT_SCHEMA): those get these structural checks only.
 */
class OperandsTest {

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaIsKRaftWithThreeNodesAndDurableDefaults(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        JsonNode kafka = Manifests.find(docs, "Kafka", "parley-kafka").orElseThrow();
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1kraft").asText());
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText());
        assertTrue(kafka.at("/spec/zookeeper").isMissingNode(), "no ZooKeeper in KRaft mode");
        assertEquals(2, kafka.at("/spec/kafka/config/min.insync.replicas").asInt());
        assertEquals(3, kafka.at("/spec/kafka/config/default.replication.factor").asInt());
        assertFalse(kafka.at("/spec/entityOperator/topicOperator").isMissingNode(), "the Topic Operator applies the KafkaTopics");
        int brokers = 0;
        Set<String> roles = new HashSet<>();
        for (JsonNode pool : Manifests.ofKind(docs, "KafkaNodePool")) {
            assertEquals("parley-kafka", pool.at("/metadata/labels/strimzi.io~1cluster").asText());
            pool.at("/spec/roles").forEach(r -> roles.add(r.asText()));
            if (Manifests.YAML.convertValue(pool.at("/spec/roles"), List.class).contains("broker")) {
                brokers += pool.at("/spec/replicas").asInt();
            }
        }
        assertEquals(Set.of("broker", "controller"), roles);
        assertEquals(3, brokers, "three brokers for replication 3 with min.insync.replicas=2");
        String bootstrap = configMap(docs).path("PARLEY_KAFKA_BOOTSTRAP").asText();
        assertEquals("parley-kafka-kafka-bootstrap:" + kafka.at("/spec/kafka/listeners/0/port").asInt(), bootstrap);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void postgresHasARoleAndSchemaPerServiceMatchingTheServicesCredentials(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        JsonNode cluster = Manifests.find(docs, "Cluster", "parley-db").orElseThrow();
        assertEquals(overlay.equals("prod") ? 3 : 1, cluster.at("/spec/instances").asInt());
        JsonNode config = configMap(docs);
        assertEquals(cluster.at("/spec/bootstrap/initdb/database").asText(), config.path("PARLEY_DB_NAME").asText());
        assertEquals(Manifests.name(cluster) + "-rw", config.path("PARLEY_DB_HOST").asText(), "services write to the primary");

        Map<String, String> roleSecrets = new java.util.HashMap<>();
        cluster.at("/spec/managed/roles").forEach(r -> roleSecrets.put(r.path("name").asText(), r.at("/passwordSecret/name").asText()));
        String schemasSql = cluster.at("/spec/bootstrap/initdb/postInitApplicationSQL").toString();
        Set<String> checked = new TreeSet<>();
        for (JsonNode deployment : Manifests.ofKind(docs, "Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                if (env.path("name").asText().equals("PARLEY_DB_USER")) {
                    String secret = env.at("/valueFrom/secretKeyRef/name").asText();
                    String role = secret.substring("parley-db-".length());
                    assertEquals(secret, roleSecrets.get(role), Manifests.name(deployment) + ": no managed role for " + secret);
                    assertTrue(schemasSql.contains("CREATE SCHEMA " + role + " AUTHORIZATION " + role), "schema " + role);
                    String props = CoverageTest.serviceModules().get(Manifests.name(deployment)).toString();
                    assertTrue(readQuietly(props).contains("parley.schema=" + role), Manifests.name(deployment) + " uses schema " + role);
                    checked.add(role);
                }
            }
        }
        assertEquals(Set.of("identity", "conversation", "notification", "announcement"), checked);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void keycloakUsesItsOwnDatabaseAndTheServicesUseItsInClusterService(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        JsonNode keycloak = Manifests.find(docs, "Keycloak", "parley-keycloak").orElseThrow();
        JsonNode database = Manifests.find(docs, "Database", "parley-db-keycloak").orElseThrow();
        assertEquals(database.at("/spec/name").asText(), keycloak.at("/spec/db/database").asText());
        assertEquals("parley-db", database.at("/spec/cluster/name").asText());
        assertEquals("parley-db-rw", keycloak.at("/spec/db/host").asText());
        assertEquals(overlay.equals("prod") ? 2 : 1, keycloak.at("/spec/instances").asInt());
        JsonNode config = configMap(docs);
        String service = "http://" + Manifests.name(keycloak) + "-service:" + keycloak.at("/spec/http/httpPort").asInt();
        assertEquals(service + "/realms/parley", config.path("PARLEY_OIDC_URL").asText());
        assertEquals(keycloak.at("/spec/hostname/hostname").asText() + "/realms/parley", config.path("QUARKUS_OIDC_TOKEN_ISSUER").asText(),
                "tokens carry Keycloak's public URL as issuer");
        JsonNode realmImport = Manifests.find(docs, "KeycloakRealmImport", "parley-realm").orElseThrow();
        assertEquals(Manifests.name(keycloak), realmImport.at("/spec/keycloakCRName").asText());
    }

    @Test
    void prodSpreadsEveryServiceOverNodes() {
        for (JsonNode deployment : Manifests.ofKind(Manifests.render("prod"), "Deployment")) {
            assertFalse(deployment.at("/spec/template/spec/affinity/podAntiAffinity").isMissingNode(), Manifests.id(deployment));
            assertEquals(3, deployment.at("/spec/replicas").asInt(), Manifests.id(deployment));
        }
        for (JsonNode deployment : Manifests.ofKind(Manifests.render("dev"), "Deployment")) {
            assertEquals(1, deployment.at("/spec/replicas").asInt(), Manifests.id(deployment));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceRunsItsOwnImageAtTheOverlaysTag(String overlay) {
        String tag = overlay.equals("prod") ? "0.1.0" : "dev";
        for (JsonNode deployment : Manifests.ofKind(Manifests.render(overlay), "Deployment")) {
            String image = deployment.at("/spec/template/spec/containers/0/image").asText();
            assertEquals("registry.parley.example.com/parley/" + Manifests.name(deployment) + ":" + tag, image,
                    "the overlay's images: entry did not apply (a name that no longer matches?)");
        }
    }

    private static JsonNode configMap(List<JsonNode> docs) {
        return Manifests.ofKind(docs, "ConfigMap").stream().filter(c -> Manifests.name(c).startsWith("parley-config-"))
                .findFirst().orElseThrow().path("data");
    }

    private static String readQuietly(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
