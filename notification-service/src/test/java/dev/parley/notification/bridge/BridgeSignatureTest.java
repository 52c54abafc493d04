package dev.parley.notification.bridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeSignatureTest {

    @Test
    void signatureIsHmacSha256OfTimestampDotBody() {
        // known answer from: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        String signature = BridgeSignature.sign("secret", 1700000000L, "{\"a\":1}");
        assertEquals("sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686", signature);
        assertEquals(signature, BridgeSignature.sign("secret", 1700000000L, "{\"a\":1}"));
        assertNotEquals(signature, BridgeSignature.sign("secret", 1700000001L, "{\"a\":1}"), "timestamp is signed");
        assertNotEquals(signature, BridgeSignature.sign("other", 1700000000L, "{\"a\":1}"), "key matters");
        assertNotEquals(signature, BridgeSignature.sign("secret", 1700000000L, "{\"a\":2}"), "body is signed");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(1000, BridgeSignature.backoffMillis(1, 1000, 60_000));
        assertEquals(2000, BridgeSignature.backoffMillis(2, 1000, 60_000));
        assertEquals(8000, BridgeSignature.backoffMillis(4, 1000, 60_000));
        assertEquals(60_000, BridgeSignature.backoffMillis(30, 1000, 60_000));
    }

    @Test
    void onlyE164MobilesAreValid() {
        assertTrue(BridgeSignature.validMobile("+447700900123"));
        assertFalse(BridgeSignature.validMobile("07700 900123"));
        assertFalse(BridgeSignature.validMobile("+0123456789"));
        assertFalse(BridgeSignature.validMobile(null));
        assertFalse(BridgeSignature.validMobile(""));
    }
}
