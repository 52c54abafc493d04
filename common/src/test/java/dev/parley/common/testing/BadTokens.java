package dev.parley.common.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/**
 * Tokens a service must refuse with 401: one that has expired (a real token of the 8-second
 * {@code parley-tests-short-lived} client, used after its {@code exp}), one whose claims are a real token's but
 * signed by a key generated here (same {@code kid}, so only the signature is wrong), and one claiming another
 * issuer (Keycloak's {@code master} realm) signed by that key. The issuer is never mocked: the service checks
 * them against the real Keycloak's keys.
 */
public final class BadTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static KeyPair strangerKey;

    private BadTokens() {
    }

    /** The claims of the person's real token, signed by a key Keycloak never saw. */
    public static String forged(TestPerson person) {
        return resign(person.token(), claims -> {
        });
    }

    /** The person's real claims with {@code iss} changed to the {@code master} realm, signed by a generated key. */
    public static String otherIssuer(TestPerson person) {
        return resign(person.token(), claims -> claims.put("iss", LocalStack.KEYCLOAK + "/realms/master"));
    }

    /** The {@code exp} claim of a token, in epoch seconds. */
    public static long expiresAt(String token) {
        return payload(token).get("exp").asLong();
    }

    private static String resign(String token, java.util.function.Consumer<ObjectNode> change) {
        try {
            String[] parts = token.split("\\.");
            ObjectNode header = (ObjectNode) JSON.readTree(B64D.decode(parts[0]));
            header.put("alg", "RS256");
            ObjectNode claims = payload(token);
            change.accept(claims);
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key().getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-sign a token", e);
        }
    }

    private static ObjectNode payload(String token) {
        try {
            return (ObjectNode) JSON.readTree(B64D.decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException("not a JWT", e);
        }
    }

    private static synchronized KeyPair key() throws GeneralSecurityException {
        if (strangerKey == null) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            strangerKey = generator.generateKeyPair();
        }
        return strangerKey;
    }
}
