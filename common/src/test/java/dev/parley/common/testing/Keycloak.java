package dev.parley.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Real people and real tokens from the local Keycloak: users are created through the admin REST API with the
 * {@code parley-services} service account, and tokens come from the password grant of {@code parley-web}
 * (enabled in the local realm only). Tokens are cached until shortly before they expire.
 */
public final class Keycloak {
    public static final String SERVICES_CLIENT = "parley-services";
    public static final String SERVICES_SECRET = System.getProperty("parley.services.secret", "parley-services-local-secret");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, CachedToken> TOKENS = new ConcurrentHashMap<>();

    private record CachedToken(String value, long expiresAtMillis) {
    }

    private Keycloak() {
    }

    /** A new person with a unique username, e.g. {@code person("Dana")} → dana-3f2a9c@test.parley.local. */
    public static TestPerson person(String firstName) {
        LocalStack.ensureUp();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String username = firstName.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + suffix;
        String email = username + "@test.parley.local";
        String password = "pw-" + suffix;
        String body = toJson(Map.of(
                "username", username, "email", email, "firstName", firstName, "lastName", "Test" + suffix,
                "enabled", true, "emailVerified", true,
                "credentials", new Object[]{Map.of("type", "password", "value", password, "temporary", false)}));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(LocalStack.KEYCLOAK + "/admin/realms/parley/users"))
                .header("Authorization", "Bearer " + servicesToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused to create " + username + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String userId = location.substring(location.lastIndexOf('/') + 1);
        return new TestPerson(userId, username, email, firstName, "Test" + suffix, password);
    }

    /** An access token of {@code parley-web} for the user (password grant). */
    public static String token(String username, String password) {
        CachedToken cached = TOKENS.get(username);
        if (cached != null && cached.expiresAtMillis > System.currentTimeMillis() + 30_000) {
            return cached.value;
        }
        JsonNode token = tokenRequest(Map.of("grant_type", "password", "client_id", "parley-web",
                "username", username, "password", password, "scope", "openid"));
        CachedToken fresh = new CachedToken(token.get("access_token").asText(),
                System.currentTimeMillis() + token.get("expires_in").asLong() * 1000);
        TOKENS.put(username, fresh);
        return fresh.value;
    }

    /**
     * A fresh token that expires about 8 seconds after it is issued ({@code parley-tests-short-lived}, a local-realm
     * client): for tests that watch what happens when a token runs out. Never cached.
     */
    public static String shortLivedToken(TestPerson person) {
        return tokenRequest(Map.of("grant_type", "password", "client_id", "parley-tests-short-lived",
                "username", person.username(), "password", person.password())).get("access_token").asText();
    }

    /** The {@code parley-services} service account's token (client credentials), as the identity service uses it. */
    public static String servicesToken() {
        CachedToken cached = TOKENS.get("client:" + SERVICES_CLIENT);
        if (cached != null && cached.expiresAtMillis > System.currentTimeMillis() + 30_000) {
            return cached.value;
        }
        JsonNode token = tokenRequest(Map.of("grant_type", "client_credentials", "client_id", SERVICES_CLIENT,
                "client_secret", SERVICES_SECRET));
        CachedToken fresh = new CachedToken(token.get("access_token").asText(),
                System.currentTimeMillis() + token.get("expires_in").asLong() * 1000);
        TOKENS.put("client:" + SERVICES_CLIENT, fresh);
        return fresh.value;
    }

    private static JsonNode tokenRequest(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(LocalStack.REALM_URL + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
