package dev.parley.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 (loopback only) that forwards to a local port, delaying every chunk it forwards by a
 * random latency and, while {@link #resetting} is on, resetting a random open connection (RST, SO_LINGER 0) every
 * interval. Two threads per connection; meant for a few dozen connections (a service's pool), not for load.
 */
final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final int maxLatencyMillis;
    private final List<Socket[]> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong resets = new AtomicLong();
    private volatile boolean open = true;
    volatile boolean resetting = true;

    FaultyProxy(int listen, int target, int maxLatencyMillis, long resetEveryMillis) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen));
        this.target = target;
        this.maxLatencyMillis = maxLatencyMillis;
        daemon("proxy-accept", this::accept);
        daemon("proxy-reset", () -> {
            while (open) {
                sleep(resetEveryMillis);
                if (resetting && !connections.isEmpty()) {
                    Socket[] victim = connections.get(ThreadLocalRandom.current().nextInt(connections.size()));
                    reset(victim);
                    resets.incrementAndGet();
                }
            }
        });
    }

    long resets() {
        return resets.get();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                Socket[] pair = {client, upstream};
                connections.add(pair);
                daemon("proxy-up", () -> pump(pair, client, upstream));
                daemon("proxy-down", () -> pump(pair, upstream, client));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket[] pair, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sleep(ThreadLocalRandom.current().nextInt(maxLatencyMillis + 1));
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // reset or closed
        } finally {
            reset(pair);
        }
    }

    private void reset(Socket[] pair) {
        connections.remove(pair);
        for (Socket socket : pair) {
            try {
                socket.setSoLinger(true, 0); // close with RST, as a dropped connection looks to the peer
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        connections.forEach(this::reset);
    }
}
