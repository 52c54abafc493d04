package dev.parley.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every object every overlay renders is valid against its Kubernetes or Strimzi schema. */
class SchemaValidationTest {

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRenderedObjectIsValidAgainstItsSchema(String overlay) {
        Schemas schemas = Schemas.get();
        Map<String, List<String>> failures = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode doc : Manifests.render(overlay)) {
            String type = doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
            if (Schemas.WITHOUT_SCHEMA.contains(type)) {
                continue;
            }
            if (!schemas.knows(type)) {
                unknown.add(Manifests.id(doc));
                continue;
            }
            List<String> errors = schemas.validate(doc);
            if (!errors.isEmpty()) {
                failures.put(Manifests.id(doc), errors);
            }
        }
        assertEquals(List.of(), unknown, overlay + ": kinds with no schema and not listed in Schemas.WITHOUT_SCHEMA");
        assertEquals(Map.of(), failures, overlay + ": schema violations");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theOverlayRendersEveryKindItShould(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                "NetworkPolicy", "ConfigMap", "Ingress", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster",
                "Keycloak", "KeycloakRealmImport")) {
            assertFalse(Manifests.ofKind(docs, kind).isEmpty(), overlay + " renders no " + kind);
        }
    }

    // ---- the validation bites: each of these is one realistic mistake ----

    private static ObjectNode deployment() {
        return Manifests.copy(Manifests.find(Manifests.render("prod"), "Deployment", "gateway").orElseThrow());
    }

    @Test
    void aWrongFieldTypeIsRejected() {
        ObjectNode doc = deployment();
        ((ObjectNode) doc.get("spec")).put("replicas", "three");
        assertFalse(Schemas.get().validate(doc).isEmpty());
    }

    @Test
    void anUnknownOrMisplacedFieldIsRejected() {
        ObjectNode doc = deployment();
        ObjectNode container = (ObjectNode) doc.at("/spec/template/spec/containers/0");
        container.set("readinessprobe", container.get("readinessProbe"));
        List<String> errors = Schemas.get().validate(doc);
        assertTrue(errors.stream().anyMatch(e -> e.contains("readinessprobe")), errors.toString());
    }

    @Test
    void aQuantityOrPortMayBeAStringOrANumberButNotAnObject() {
        ObjectNode doc = deployment();
        assertEquals(List.of(), Schemas.get().validate(doc));
        ((ObjectNode) doc.at("/spec/template/spec/containers/0/resources/limits")).putObject("memory").put("amount", "1Gi");
        assertFalse(Schemas.get().validate(doc).isEmpty());
    }

    @Test
    void aKafkaTopicWithAStringPartitionCountIsRejected() {
        ObjectNode topic = Manifests.copy(Manifests.ofKind(Manifests.render("prod"), "KafkaTopic").get(0));
        assertEquals(List.of(), Schemas.get().validate(topic));
        ((ObjectNode) topic.get("spec")).put("partitions", "six");
        assertFalse(Schemas.get().validate(topic).isEmpty());
    }

    @Test
    void aKafkaListenerWithoutItsTypeIsRejected() {
        ObjectNode kafka = Manifests.copy(Manifests.find(Manifests.render("prod"), "Kafka", "parley-kafka").orElseThrow());
        ((ObjectNode) kafka.at("/spec/kafka/listeners/0")).remove("type");
        assertFalse(Schemas.get().validate(kafka).isEmpty());
    }

    @Test
    void aNodePoolWithAnUnknownRoleIsRejected() {
        ObjectNode pool = Manifests.copy(Manifests.find(Manifests.render("prod"), "KafkaNodePool", "dual-role").orElseThrow());
        ((com.fasterxml.jackson.databind.node.ArrayNode) pool.at("/spec/roles")).add("zookeeper");
        assertFalse(Schemas.get().validate(pool).isEmpty());
    }
}
