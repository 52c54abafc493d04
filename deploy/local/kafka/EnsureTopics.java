// Creates the topics listed in deploy/local/topics.txt that do not exist yet.
// Compiled once into the cache and run by deploy/local/stack:
//   java -cp <classes>:<kafka libs>/* EnsureTopics <bootstrap> <topics.txt>
// One JVM for all topics: kafka-topics.sh would need one JVM start per topic,
// which cost 4-8 s each on two busy cores.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

public class EnsureTopics {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EnsureTopics <bootstrap-servers> <topics.txt>");
            System.exit(2);
        }
        List<NewTopic> wanted = parse(Path.of(args[1]));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic t : wanted) {
                if (!existing.contains(t.name())) missing.add(t);
            }
            if (missing.isEmpty()) return;
            var results = admin.createTopics(missing).values();
            for (NewTopic t : missing) {
                try {
                    results.get(t.name()).get(60, TimeUnit.SECONDS);
                    System.out.println("created topic " + t.name() + " (" + t.numPartitions() + " partitions"
                            + (t.configs().isEmpty() ? "" : ", " + t.configs()) + ")");
                } catch (ExecutionException e) {
                    // Another clone or a concurrent `up` may have won the race: fine.
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
        }
    }

    // Lines: name partitions config(k=v,k=v or -); '#' starts a comment.
    static List<NewTopic> parse(Path file) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            if (f.length < 2) throw new IllegalArgumentException("bad line in " + file + ": " + raw);
            Map<String, String> configs = new HashMap<>();
            if (f.length > 2 && !f[2].equals("-")) {
                for (String kv : f[2].split(",")) {
                    String[] p = kv.split("=", 2);
                    configs.put(p[0], p[1]);
                }
            }
            topics.add(new NewTopic(f[0], Integer.parseInt(f[1]), (short) 1).configs(configs));
        }
        return topics;
    }
}
