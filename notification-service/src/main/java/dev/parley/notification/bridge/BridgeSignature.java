package dev.parley.notification.bridge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature of an outbound bridge webhook: {@code X-Parley-Signature: sha256=<hex>} where hex is
 * HMAC-SHA256(secret, timestamp + "." + body) and the timestamp (epoch seconds) travels in
 * {@code X-Parley-Timestamp}, so a receiver can refuse replays older than a few minutes. Pure.
 */
public final class BridgeSignature {
    private BridgeSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Exponential backoff: base, 2×base, 4×base … capped at {@code maxMillis}. */
    public static long backoffMillis(int attempts, long baseMillis, long maxMillis) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        return Math.min(baseMillis * factor, maxMillis);
    }

    /** A mobile number an SMS provider takes: E.164, a plus and 8 to 15 digits. */
    public static boolean validMobile(String mobile) {
        return mobile != null && mobile.matches("\\+[1-9][0-9]{7,14}");
    }
}
