package dev.parley.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The rendered overlays. Rendering is done by a real Kustomize: the one built into kubectl
 * ({@code kubectl kustomize}), found on PATH or at $KUBECTL. No renderer of our own.
 */
final class Manifests {
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    static Path root() {
        return Path.of(System.getProperty("parley.root", "../..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return Path.of(System.getProperty("parley.k8s", ".")).toAbsolutePath().normalize();
    }

    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> parse(kustomize(k8s().resolve("overlays").resolve(o))));
    }

    static String kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("kubectl (with its built-in kustomize) is needed to render deploy/k8s overlays;"
                + " it is not on PATH and KUBECTL is not set. See deploy/README.md, 'Validation'.");
    }

    static String kustomize(Path dir) {
        try {
            Process process = new ProcessBuilder(kubectl(), "kustomize", dir.toString())
                    .redirectErrorStream(false).start();
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> parse(String multiDocumentYaml) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            var parser = new YAMLFactory().createParser(multiDocumentYaml);
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    docs.add(node);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new IllegalStateException("rendered YAML does not parse", e);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static Optional<JsonNode> find(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String id(JsonNode doc) {
        return doc.path("apiVersion").asText() + " " + doc.path("kind").asText() + " " + name(doc);
    }

    static ObjectNode copy(JsonNode doc) {
        return (ObjectNode) doc.deepCopy();
    }
}
