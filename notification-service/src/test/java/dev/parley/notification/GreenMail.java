package dev.parley.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.common.testing.LocalStack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What GreenMail (the local stack's SMTP server) received for an address, through its REST API. */
final class GreenMail {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenMail() {
    }

    record Received(String subject, String raw) {
        /** The raw MIME with quoted-printable soft breaks and escapes undone, good enough for contains() checks. */
        String decoded() {
            return decodeQuotedPrintable(raw);
        }
    }

    static List<Received> messages(String address) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.GREENMAIL_API
                    + "/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            List<Received> received = new ArrayList<>();
            if (body.isArray()) {
                body.forEach(m -> received.add(new Received(m.path("subject").asText(), m.path("mimeMessage").asText())));
            }
            return received; // GreenMail answers "user not found" until the first mail to the address
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail API unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String decodeQuotedPrintable(String raw) {
        String joined = raw.replace("=\r\n", "").replace("=\n", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = joined.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '=' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }
}
