package dev.parley.notification.email;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyTokenTest {
    private static final byte[] KEY = "test-key".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final ReplyToken.Claims claims = new ReplyToken.Claims(UUID.randomUUID(), UUID.randomUUID(),
            UUID.randomUUID(), NOW.plusSeconds(3600));

    @Test
    void aSignedTokenVerifiesToItsClaimsEvenUpperCased() {
        String token = ReplyToken.sign(claims, KEY);
        assertTrue(token.matches("[a-z2-7]+"), token);
        assertEquals(claims, ReplyToken.verify(token, KEY, NOW).orElseThrow());
        assertEquals(claims, ReplyToken.verify(token.toUpperCase(Locale.ROOT), KEY, NOW).orElseThrow());
    }

    @Test
    void expiredForgedTamperedOrMalformedTokensAreRejected() {
        String token = ReplyToken.sign(claims, KEY);
        assertTrue(ReplyToken.verify(token, KEY, claims.expiresAt()).isEmpty(), "expired");
        assertTrue(ReplyToken.verify(token, "other-key".getBytes(StandardCharsets.UTF_8), NOW).isEmpty(), "another key");
        char flipped = token.charAt(10) == 'a' ? 'b' : 'a';
        String tampered = token.substring(0, 10) + flipped + token.substring(11);
        assertTrue(ReplyToken.verify(tampered, KEY, NOW).isEmpty(), "a changed claim");
        // someone else's conversation with a made-up signature
        ReplyToken.Claims other = new ReplyToken.Claims(claims.workspaceId(), UUID.randomUUID(), claims.userId(), claims.expiresAt());
        String forged = ReplyToken.sign(other, "guess".getBytes(StandardCharsets.UTF_8));
        assertTrue(ReplyToken.verify(forged, KEY, NOW).isEmpty(), "signed with a guessed key");
        assertTrue(ReplyToken.verify("", KEY, NOW).isEmpty());
        assertTrue(ReplyToken.verify(null, KEY, NOW).isEmpty());
        assertTrue(ReplyToken.verify("not base32 !", KEY, NOW).isEmpty());
        assertTrue(ReplyToken.verify(token.substring(1), KEY, NOW).isEmpty(), "truncated");
    }

    @Test
    void base32RoundTrips() {
        for (int length = 0; length < 40; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 37 + length);
            }
            assertArrayEquals(data, ReplyToken.unbase32(ReplyToken.base32(data)), "length " + length);
        }
    }
}
