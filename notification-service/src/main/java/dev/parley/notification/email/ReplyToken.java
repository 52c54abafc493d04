package dev.parley.notification.email;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The signed, expiring token in a notification email's reply-to address ({@code reply+<token>@<domain>}): it names
 * the workspace, the conversation and the person (their Keycloak user id, a UUID) and when it stops being accepted,
 * signed with HMAC-SHA256 truncated to 128 bits. Encoded in lower-case base32, so a mail system that lower-cases
 * the local part does not break it. Pure: no clock or key of its own.
 */
public final class ReplyToken {
    static final int MAC_BYTES = 16;
    private static final int PAYLOAD_BYTES = 16 * 3 + 8;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private ReplyToken() {
    }

    public record Claims(UUID workspaceId, UUID conversationId, UUID userId, Instant expiresAt) {
    }

    public static String sign(Claims claims, byte[] key) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES);
        put(payload, claims.workspaceId());
        put(payload, claims.conversationId());
        put(payload, claims.userId());
        payload.putLong(claims.expiresAt().getEpochSecond());
        byte[] body = payload.array();
        byte[] token = new byte[PAYLOAD_BYTES + MAC_BYTES];
        System.arraycopy(body, 0, token, 0, PAYLOAD_BYTES);
        System.arraycopy(mac(body, key), 0, token, PAYLOAD_BYTES, MAC_BYTES);
        return base32(token);
    }

    /** The claims of a token this key signed and that has not expired at {@code now}; empty for anything else. */
    public static Optional<Claims> verify(String token, byte[] key, Instant now) {
        byte[] raw = token == null ? null : unbase32(token.toLowerCase(Locale.ROOT));
        if (raw == null || raw.length != PAYLOAD_BYTES + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOfRange(raw, 0, PAYLOAD_BYTES);
        byte[] given = Arrays.copyOfRange(raw, PAYLOAD_BYTES, raw.length);
        if (!MessageDigest.isEqual(given, Arrays.copyOf(mac(body, key), MAC_BYTES))) {
            return Optional.empty();
        }
        ByteBuffer payload = ByteBuffer.wrap(body);
        Claims claims = new Claims(uuid(payload), uuid(payload), uuid(payload), Instant.ofEpochSecond(payload.getLong()));
        return now.isBefore(claims.expiresAt()) ? Optional.of(claims) : Optional.empty();
    }

    private static byte[] mac(byte[] body, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update("parley-reply-v1".getBytes(StandardCharsets.US_ASCII)); // domain separation from other HMAC uses
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void put(ByteBuffer buffer, UUID id) {
        buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID uuid(ByteBuffer buffer) {
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] unbase32(String text) {
        int bytes = text.length() * 5 / 8;
        byte[] out = new byte[bytes];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = ALPHABET.indexOf(text.charAt(i));
            if (value < 0) {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                if (index < bytes) {
                    out[index++] = (byte) (buffer >> (bits - 8));
                }
                bits -= 8;
            }
        }
        return index == bytes ? out : null;
    }
}
