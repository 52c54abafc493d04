package dev.parley.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which topics the services consume and where each consumer dead-letters, read from their own
 * application.properties (the production keys, not {@code %test.}), so the poison fault expects exactly what the
 * services are configured to do rather than a copy of it.
 */
final class Topology {
    private static final Pattern KEY = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.(topic|dead-letter-queue\\.topic)\\s*=\\s*(\\S+)\\s*$");

    /** consumed topic → the dead-letter topics of its consumers that dead-letter (one entry per such consumer). */
    final Map<String, List<String>> deadLetters = new TreeMap<>();
    /** every topic some service consumes through its messaging channels */
    final Collection<String> consumed = new TreeSet<>();

    static Topology read(Path root, Collection<String> services) throws IOException {
        Topology topology = new Topology();
        for (String service : services) {
            Path properties = root.resolve(service).resolve("src/main/resources/application.properties");
            if (Files.exists(properties)) {
                topology.add(Files.readAllLines(properties));
            }
        }
        return topology;
    }

    void add(List<String> lines) {
        Map<String, String> topics = new HashMap<>();
        Map<String, String> dlqs = new HashMap<>();
        for (String line : lines) {
            Matcher m = KEY.matcher(line);
            if (m.matches()) {
                (m.group(2).equals("topic") ? topics : dlqs).put(m.group(1), m.group(3));
            }
        }
        topics.forEach((channel, topic) -> {
            consumed.add(topic);
            List<String> list = new java.util.ArrayList<>(deadLetters.getOrDefault(topic, List.of()));
            if (dlqs.containsKey(channel)) {
                list.add(dlqs.get(channel));
            }
            deadLetters.put(topic, list);
        });
    }
}
