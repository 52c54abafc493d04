package dev.parley.gateway.proxy;

import dev.parley.gateway.config.GatewayConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets per person (token subject) and per client IP, in this instance's memory: with N gateway instances
 * behind a balancer a person gets at most N times the limit, which is the usual trade for not adding a shared
 * store to every request. Idle buckets are dropped every minute.
 */
@ApplicationScoped
public class RateLimits {
    /** How long to wait before retrying, in whole seconds (at least 1), when a request is refused. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    private final GatewayConfig.RateLimit perUser;
    private final GatewayConfig.RateLimit perIp;
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    private static final class Entry {
        final Bucket bucket;
        volatile long lastUsedNanos = System.nanoTime();

        Entry(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    public RateLimits(GatewayConfig config) {
        this.perUser = config.rateLimit().perUser();
        this.perIp = config.rateLimit().perIp();
    }

    public Verdict forUser(String userId) {
        return take("u:" + userId, perUser);
    }

    public Verdict forIp(String ip) {
        return take("ip:" + ip, perIp);
    }

    private Verdict take(String key, GatewayConfig.RateLimit limit) {
        Entry entry = buckets.computeIfAbsent(key, k -> new Entry(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst())
                        .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)).build())
                .build()));
        entry.lastUsedNanos = System.nanoTime();
        ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Verdict(true, 0);
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        return new Verdict(false, seconds);
    }

    @Scheduled(every = "60s")
    void dropIdle() {
        long idleSince = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);
        buckets.values().removeIf(e -> e.lastUsedNanos < idleSince);
    }
}
