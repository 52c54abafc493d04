package dev.parley.gateway.config;

import io.smallrye.config.ConfigMapping;

import java.net.URI;
import java.time.Duration;

@ConfigMapping(prefix = "parley.gateway")
public interface GatewayConfig {
    Services services();

    /** Larger request bodies are refused with 413 before they reach a service. */
    long maxBodyBytes();

    /** At most this many connections to each service; a request waits for a free one (README: proxy timeouts). */
    int upstreamPoolSize();

    /**
     * A service that has not started answering this long after it got the whole request (or a request that waited
     * this long for a pooled connection) is given up: the upstream request is reset and the caller gets 504.
     */
    Duration upstreamTimeout();

    RateLimits rateLimit();

    interface Services {
        URI identity();

        URI conversation();

        URI notification();

        URI announcement();
    }

    interface RateLimits {
        RateLimit perUser();

        RateLimit perIp();
    }

    /** A token bucket: {@code perSecond} sustained, {@code burst} at once. */
    interface RateLimit {
        long perSecond();

        long burst();
    }
}
