package dev.parley.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identities of bearer tokens this process has already verified, until each token expires.
 *
 * <p>Why: a client sends many requests with one access token (5 minutes in Keycloak's default), and checking it
 * again each time (decode, parse the claims, verify the RS256 signature, build the identity) was 40% of the
 * gateway's CPU and a quarter of conversation-service's in the bench's profile (bench/README, issue 9). A verified
 * JWT stays valid until its {@code exp} whatever we do (no revocation check happens for it either way), so reusing
 * the verification until then changes no answer: a token that never verified is never here, an expired one is
 * dropped at its {@code exp} and verified (and refused) again. Keyed by the whole token string.
 *
 * <p>Bounded: when full, expired entries go first, and if none has expired the cache starts over (a flood of
 * distinct tokens costs a verification each, as without the cache). {@code parley.auth.verified-tokens=0} turns it
 * off (the bench compares both).
 */
@ApplicationScoped
public class VerifiedTokens {
    private final int capacity;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(SecurityIdentity identity, long expiresAtSecond) {
    }

    @Inject
    public VerifiedTokens(@ConfigProperty(name = "parley.auth.verified-tokens", defaultValue = "10000") int capacity) {
        this(capacity, Clock.systemUTC());
    }

    VerifiedTokens(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The identity this token was verified as, if it was and has not expired. */
    public Optional<SecurityIdentity> get(String token) {
        Entry entry = token == null ? null : entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (now() >= entry.expiresAtSecond()) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /** Remembers an identity OIDC verified for this token; identities without an expiry are not kept. */
    public void put(String token, SecurityIdentity identity) {
        if (capacity <= 0 || token == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        long expiresAt = jwt.getExpirationTime();
        if (expiresAt <= now() || entries.containsKey(token)) {
            return;
        }
        if (entries.size() >= capacity) {
            long now = now();
            entries.values().removeIf(e -> now >= e.expiresAtSecond());
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(withoutRequest(identity), expiresAt));
    }

    int size() {
        return entries.size();
    }

    private long now() {
        return clock.millis() / 1000;
    }

    /**
     * The identity without the request it was first verified for (OIDC keeps the Vert.x RoutingContext in an
     * attribute): a cached identity must not hold an old request alive nor hand it to a later one.
     */
    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions())
                .addAttributes(attributes)
                .addPermissionChecker(identity::checkPermission)
                .setAnonymous(identity.isAnonymous())
                .build();
    }
}
