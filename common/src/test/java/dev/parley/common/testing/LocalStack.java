package dev.parley.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real PostgreSQL, Kafka, Keycloak and GreenMail that deploy/local/stack runs. Tests call {@link #ensureUp()};
 * if any part is not listening it runs {@code deploy/local/stack up} (which is harmless when parts already run).
 */
public final class LocalStack {
    public static final String KAFKA = System.getProperty("parley.kafka", "127.0.0.1:9092");
    public static final String KEYCLOAK = System.getProperty("parley.keycloak", "http://127.0.0.1:8180");
    public static final String REALM_URL = KEYCLOAK + "/realms/parley";
    public static final String JDBC_URL = System.getProperty("parley.jdbc", "jdbc:postgresql://127.0.0.1:15432/parley");
    public static final String GREENMAIL_API = "http://127.0.0.1:8025";

    private static final List<Integer> PORTS = List.of(15432, 9092, 8180, 3025);
    private static volatile boolean checked;

    private LocalStack() {
    }

    public static synchronized void ensureUp() {
        if (checked) {
            return;
        }
        if (!PORTS.stream().allMatch(LocalStack::listening)) {
            run(repositoryRoot().resolve("deploy/local/stack").toString(), "up");
        }
        checked = true;
    }

    /** The clone's root: the nearest folder above the working directory that holds {@code deploy/local/stack}. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/local/stack"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (the folder with deploy/local/stack)");
        }
        return dir;
    }

    public static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(repositoryRoot().toFile()).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
