package dev.parley.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every topic and every service the code has is in the manifests, with what it needs. */
class CoverageTest {

    static List<String> overlays() {
        return Manifests.OVERLAYS;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** name → {partitions, config} from deploy/local/topics.txt. */
    static Map<String, String[]> topicsTxt() {
        Map<String, String[]> topics = new LinkedHashMap<>();
        for (String line : read(Manifests.root().resolve("deploy/local/topics.txt")).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                String[] f = l.split("\\s+");
                topics.put(f[0], new String[] {f[1], f[2]});
            }
        }
        return topics;
    }

    /** The string constants of dev.parley.events.Topics. */
    static Set<String> topicConstants() {
        String java = read(Manifests.root().resolve("events/src/main/java/dev/parley/events/Topics.java"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("static\\s+final\\s+String\\s+\\w+\\s*=\\s*\"([^\"]+)\"").matcher(java);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "no constants found in Topics.java");
        return names;
    }

    /** Service modules: root pom modules with an HTTP application (a Quarkus app with application.properties). */
    static Map<String, Path> serviceModules() {
        Map<String, Path> modules = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read(Manifests.root().resolve("pom.xml")));
        while (m.find()) {
            Path props = Manifests.root().resolve(m.group(1)).resolve("src/main/resources/application.properties");
            if (Files.exists(props) && read(props).contains("quarkus.http.port")) {
                modules.put(m.group(1), props);
            }
        }
        assertTrue(modules.size() >= 5, "expected the five services among the root pom's modules: " + modules.keySet());
        return modules;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicHasAKafkaTopicWithItsPartitionsAndConfig(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        Map<String, JsonNode> byTopic = new LinkedHashMap<>();
        for (JsonNode t : Manifests.ofKind(docs, "KafkaTopic")) {
            byTopic.put(t.at("/spec/topicName").asText(Manifests.name(t)), t);
            assertEquals(3, t.at("/spec/replicas").asInt(), Manifests.id(t) + " replicas");
            assertEquals(2, t.at("/spec/config/min.insync.replicas").asInt(), Manifests.id(t) + " min.insync.replicas");
            assertEquals("parley-kafka", t.at("/metadata/labels/strimzi.io~1cluster").asText(), Manifests.id(t) + " cluster label");
        }
        Set<String> expected = new TreeSet<>(topicConstants());
        expected.addAll(topicsTxt().keySet());
        for (String topic : expected) {
            assertTrue(byTopic.containsKey(topic), overlay + ": no KafkaTopic for " + topic);
        }
        for (var e : topicsTxt().entrySet()) {
            JsonNode t = byTopic.get(e.getKey());
            assertEquals(Integer.parseInt(e.getValue()[0]), t.at("/spec/partitions").asInt(), e.getKey() + " partitions");
            if (!e.getValue()[1].equals("-")) {
                for (String kv : e.getValue()[1].split(",")) {
                    String[] p = kv.split("=", 2);
                    assertEquals(p[1], t.path("spec").path("config").path(p[0]).asText(), e.getKey() + " " + p[0]);
                }
            }
            assertTrue(t.at("/spec/config/retention.ms").asLong() > 0, e.getKey() + " has a retention");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeadLetterTopicAServiceWritesHasAKafkaTopic(String overlay) {
        Set<String> topics = new HashSet<>();
        Manifests.ofKind(Manifests.render(overlay), "KafkaTopic").forEach(t -> topics.add(t.at("/spec/topicName").asText()));
        // profile-free lines only: a %test. topic is the tests' own and never deployed
        Pattern dlq = Pattern.compile("(?m)^mp\\.messaging\\.\\S*dead-letter-queue\\.topic\\s*=\\s*(\\S+)");
        List<String> missing = new ArrayList<>();
        for (var module : serviceModules().entrySet()) {
            Matcher m = dlq.matcher(read(module.getValue()));
            while (m.find()) {
                String topic = m.group(1);
                assertTrue(topic.matches("parley\\.[a-z]+\\.v\\d+\\.dlq\\." + Pattern.quote(module.getKey())),
                        topic + " is not named <topic>.dlq." + module.getKey());
                if (!topics.contains(topic)) {
                    missing.add(topic);
                }
            }
        }
        assertEquals(List.of(), missing, overlay + ": dead-letter topics without a KafkaTopic");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceModuleHasItsDeploymentServiceBudgetAutoscalerAndNetworkPolicy(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        for (String service : serviceModules().keySet()) {
            for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy")) {
                assertTrue(Manifests.find(docs, kind, service).isPresent(), overlay + ": no " + kind + " for " + service);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceListensOnItsPortWithProbesResourcesAndEveryVariableItReads(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        Map<String, String> ports = new LinkedHashMap<>();
        for (String line : read(Manifests.root().resolve("deploy/local/services.txt")).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                String[] f = l.split("\\s+");
                ports.put(f[0], f[1]);
            }
        }
        String common = read(Manifests.root().resolve("common/src/main/resources/META-INF/microprofile-config.properties"));
        Pattern variable = Pattern.compile("\\$\\{(PARLEY_[A-Z_]+)");
        for (var module : serviceModules().entrySet()) {
            String name = module.getKey();
            JsonNode deployment = Manifests.find(docs, "Deployment", name).orElseThrow();
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertEquals(ports.get(name), container.at("/ports/0/containerPort").asText(), name + " port (services.txt)");
            assertEquals(ports.get(name), Manifests.find(docs, "Service", name).orElseThrow().at("/spec/ports/0/port").asText());
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), name);
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), name);
            assertFalse(container.at("/startupProbe/httpGet/path").asText().isEmpty(), name + " startup probe");
            for (String field : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
                assertFalse(container.at(field).isMissingNode(), name + " " + field);
            }

            Set<String> provided = new HashSet<>();
            container.path("env").forEach(e -> provided.add(e.path("name").asText()));
            for (JsonNode from : container.path("envFrom")) {
                String cm = from.at("/configMapRef/name").asText(null);
                if (cm != null) {
                    JsonNode map = Manifests.find(docs, "ConfigMap", cm).orElseThrow(() -> new AssertionError(name + " reads missing ConfigMap " + cm));
                    map.path("data").fieldNames().forEachRemaining(provided::add);
                }
            }
            assertTrue("0.0.0.0".equals(Manifests.find(docs, "ConfigMap", container.at("/envFrom/0/configMapRef/name").asText())
                    .orElseThrow().at("/data/PARLEY_HTTP_HOST").asText()), name + " must listen on 0.0.0.0 in a pod");
            String properties = read(module.getValue()) + (name.equals("gateway") ? "" : common);
            Matcher m = variable.matcher(properties);
            Set<String> missing = new TreeSet<>();
            while (m.find()) {
                if (!provided.contains(m.group(1))) {
                    missing.add(m.group(1));
                }
            }
            // a local default (127.0.0.1, a local secret) is wrong in a pod: every variable gets a value in the manifests
            assertEquals(Set.of(), missing, overlay + ": variables " + name + " reads that its pod does not set"
                    + " (add them to a ConfigMap or Secret reference in deploy/k8s/base, and to deploy/README.md)");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheGatewayIsReachableFromTheIngressAndServicesOnlyFromTheGateway(String overlay) {
        List<JsonNode> docs = Manifests.render(overlay);
        for (JsonNode ingress : Manifests.ofKind(docs, "Ingress")) {
            for (JsonNode backend : ingress.findValues("service")) {
                String target = backend.path("name").asText();
                assertTrue(target.equals("gateway") || target.equals("parley-keycloak-service"),
                        Manifests.id(ingress) + " routes to " + target);
            }
        }
        for (String service : serviceModules().keySet()) {
            JsonNode policy = Manifests.find(docs, "NetworkPolicy", service).orElseThrow();
            assertEquals(List.of("Ingress", "Egress"), Manifests.YAML.convertValue(policy.at("/spec/policyTypes"), List.class));
            for (JsonNode rule : policy.at("/spec/ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    if (service.equals("gateway")) {
                        assertEquals("ingress-nginx", peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText(), service);
                    } else {
                        assertEquals("gateway", peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText(), service);
                        assertTrue(peer.path("namespaceSelector").isMissingNode() && peer.path("ipBlock").isMissingNode(), service);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everySecretThePodsReadIsDocumentedInTheReadme(String overlay) {
        String readme = read(Manifests.root().resolve("deploy/README.md"));
        Set<String> secrets = new TreeSet<>();
        for (JsonNode doc : Manifests.render(overlay)) {
            for (JsonNode ref : doc.findValues("secretKeyRef")) {
                secrets.add(ref.path("name").asText() + "`, key `" + ref.path("key").asText());
            }
            for (JsonNode ref : doc.findValues("secretRef")) {
                secrets.add(ref.path("name").asText());
            }
        }
        assertFalse(secrets.isEmpty());
        for (String s : secrets) {
            assertTrue(readme.contains("`" + s + "`"), "deploy/README.md does not document Secret `" + s + "`");
        }
    }
}
