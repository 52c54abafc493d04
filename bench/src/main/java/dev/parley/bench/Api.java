package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Set-up through the real API: people created in Keycloak with the admin REST API (service account
 * {@code parley-services}, as common's test {@code Keycloak} helper does), tokens from the password grant of
 * {@code parley-web}, and the workspace, clients, members and rooms through the gateway. Public because the chaos
 * suite drives the same API with it (one client, not two).
 */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    static final String KEYCLOAK = System.getProperty("bench.keycloak", "http://127.0.0.1:8180");
    static final String REALM = KEYCLOAK + "/realms/parley";
    static final String SERVICES_SECRET = System.getProperty("bench.services.secret", "parley-services-local-secret");

    public record Person(String userId, String username, String email, String displayName, String password) {
        public String token() {
            return Api.token(username, password);
        }
    }

    final HttpClient http;
    final String gateway;

    public Api(HttpClient http, String gateway) {
        this.http = http;
        this.gateway = gateway;
    }

    public Person person(String runId, String firstName) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String username = "bench-" + firstName.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + runId + "-" + suffix;
        String email = username + "@bench.parley.local";
        String password = "pw-" + suffix;
        Map<String, Object> body = Map.of("username", username, "email", email, "firstName", firstName,
                "lastName", "Bench", "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/parley/users"))
                .header("Authorization", "Bearer " + servicesToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused to create " + username + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        return new Person(location.substring(location.lastIndexOf('/') + 1), username, email, firstName + " Bench", password);
    }

    /**
     * Sets the parley realm's password policy to one hash iteration (bench set-up of thousands of people only, on
     * the local stack, with its local admin); the returned action puts the previous policy back.
     */
    static Runnable cheapPasswordHashing() {
        String admin = masterAdminToken();
        URI realm = URI.create(KEYCLOAK + "/admin/realms/parley");
        String previous = read(send(HttpRequest.newBuilder(realm).header("Authorization", "Bearer " + admin).GET().build()).body())
                .path("passwordPolicy").asText("");
        setPasswordPolicy(realm, admin, "hashIterations(1)");
        return () -> setPasswordPolicy(realm, masterAdminToken(), previous);
    }

    /** The local stack's Keycloak administrator (deploy/local/stack starts it with admin/admin). */
    private static String masterAdminToken() {
        return tokenRequest(KEYCLOAK + "/realms/master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", System.getProperty("bench.keycloak.admin", "admin"),
                "password", System.getProperty("bench.keycloak.admin-password", "admin"))).get("access_token").asText();
    }

    private static void setPasswordPolicy(URI realm, String adminToken, String policy) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(realm).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(Map.of("passwordPolicy", policy)))).build());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("realm password policy: " + response.statusCode() + " " + response.body());
        }
    }

    private static String servicesToken() {
        return tokenRequest(Map.of("grant_type", "client_credentials", "client_id", "parley-services",
                "client_secret", SERVICES_SECRET)).get("access_token").asText();
    }

    public static String token(String username, String password) {
        return tokenRequest(Map.of("grant_type", "password", "client_id", "parley-web", "username", username,
                "password", password, "scope", "openid")).get("access_token").asText();
    }

    private static JsonNode tokenRequest(Map<String, String> form) {
        return tokenRequest(REALM, form);
    }

    private static JsonNode tokenRequest(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    /** A JSON request through the gateway; throws unless the status is the expected one. */
    public JsonNode call(String method, String path, String token, Object body, int expected) {
        HttpResponse<String> response = raw(method, path, token, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? null : read(response.body());
    }

    public HttpResponse<String> raw(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(request.build());
    }

    private static final HttpClient SETUP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return SETUP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
