package dev.parley.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure: the cache's rules (expiry, what is kept, the bound) with a clock the test moves. */
class VerifiedTokensTest {
    private static final long T0 = 1_800_000_000L;
    private final MovableClock clock = new MovableClock(T0);

    @Test
    void aVerifiedTokenIsAnsweredUntilItsExpiryAndNotAfter() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        SecurityIdentity olivia = identity("olivia", T0 + 300);
        tokens.put("token-a", olivia);

        assertEquals("olivia", tokens.get("token-a").orElseThrow().getPrincipal().getName());
        assertTrue(tokens.get("token-b").isEmpty(), "another token is not answered");
        clock.at(T0 + 299);
        assertTrue(tokens.get("token-a").isPresent());
        clock.at(T0 + 300);
        assertTrue(tokens.get("token-a").isEmpty(), "at exp the token must be verified again (and be refused)");
        assertEquals(0, tokens.size(), "the expired entry is dropped");
    }

    @Test
    void onlyUnexpiredJwtIdentitiesAreKept() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.put("expired", identity("olivia", T0 - 1));
        tokens.put("not-a-jwt", QuarkusSecurityIdentity.builder().setPrincipal(() -> "basic-user").build());
        tokens.put(null, identity("olivia", T0 + 300));
        assertEquals(0, tokens.size());
    }

    @Test
    void theCachedIdentityKeepsNoRequestButEverythingElse() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        SecurityIdentity verified = QuarkusSecurityIdentity.builder(identity("olivia", T0 + 300))
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, new Object())
                .addAttribute("tenant-id", "Default")
                .addRole("user")
                .build();
        tokens.put("token-a", verified);

        SecurityIdentity cached = tokens.get("token-a").orElseThrow();
        assertNull(cached.getAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE));
        assertEquals("Default", cached.getAttribute("tenant-id"));
        assertEquals(Set.of("user"), cached.getRoles());
        assertTrue(cached.getPrincipal() instanceof JsonWebToken);
        assertFalse(cached.isAnonymous());
    }

    @Test
    void whenFullExpiredEntriesGoFirstThenEverything() {
        VerifiedTokens tokens = new VerifiedTokens(3, clock);
        tokens.put("a", identity("a", T0 + 10));
        tokens.put("b", identity("b", T0 + 10));
        tokens.put("c", identity("c", T0 + 300));
        clock.at(T0 + 20); // a and b have expired
        tokens.put("d", identity("d", T0 + 300));
        assertEquals(2, tokens.size());
        assertTrue(tokens.get("c").isPresent() && tokens.get("d").isPresent());

        tokens.put("e", identity("e", T0 + 300)); // full of live entries now
        tokens.put("f", identity("f", T0 + 300));
        assertEquals(1, tokens.size(), "a full cache of live tokens starts over");
        assertTrue(tokens.get("f").isPresent());
    }

    @Test
    void capacityZeroTurnsItOff() {
        VerifiedTokens tokens = new VerifiedTokens(0, clock);
        tokens.put("token-a", identity("olivia", T0 + 300));
        assertTrue(tokens.get("token-a").isEmpty());
    }

    private static SecurityIdentity identity(String name, long exp) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(name, exp)).build();
    }

    /** The two claims the cache reads. */
    private record Jwt(String name, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("sub", "exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) Map.<String, Object>of("sub", name, "exp", exp).get(claimName);
        }
    }

    private static final class MovableClock extends Clock {
        private long epochSecond;

        MovableClock(long epochSecond) {
            this.epochSecond = epochSecond;
        }

        void at(long second) {
            epochSecond = second;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(epochSecond);
        }
    }
}
