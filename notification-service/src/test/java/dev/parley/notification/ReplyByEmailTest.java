package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.EventSchemas;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.notification.EmailReplyReceived;
import dev.parley.notification.email.ReplyAddresses;
import dev.parley.notification.email.ReplyToken;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies by email over real SMTP (the service's own port) and as raw MIME over HTTP, to EmailReplyReceived on Kafka. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReplyByEmailTest {
    private static final int SMTP_PORT = 2526;
    private final TestPerson mia = Keycloak.person("Mia");
    private final TestPerson sam = Keycloak.person("Sam");
    private final IdentityFixture.Workspace ws = IdentityFixture.workspace();
    private final UUID conversation = UUID.randomUUID();
    private UUID miaMemberId;

    @Inject
    IdentityDirectory directory;
    @Inject
    ReplyAddresses replyAddresses;
    @Inject
    ConversationEvents conversations;

    @BeforeEach
    void miaWasNotified() {
        miaMemberId = ws.member(mia);
        ws.member(sam);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), mia.userId()).isPresent());
        conversations.added(ws.id(), conversation, "GROUP", false, mia);
        TestEvents.publish(conversation.toString(), new MessagePosted(ws.id(), conversation, "GROUP", null,
                UUID.randomUUID(), 1, "TEXT", new MessageSender(sam.userId(), "MEMBER", sam.displayName()),
                "Can you come on Friday?", List.of(), false, null, null, Instant.now(), List.of(mia.userId())));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(mia.token())
                .get("/api/v1/workspaces/" + ws.id() + "/notifications").then().body("unreadCount", is(1)));
    }

    @Test
    void aReplyOverSmtpIsPublishedOnceEvenWhenDeliveredTwiceAndForgedTokensPublishNothing() throws IOException {
        String replyTo = replyAddresses.forConversation(ws.id(), mia.userId(), conversation).orElseThrow();
        String messageId = "<" + UUID.randomUUID() + "@mail.example>";
        try (TopicWatcher events = TopicWatcher.open(Topics.NOTIFICATIONS)) {
            // forged: one character of the token changed; expired: signed with the right key but in the past
            String token = replyTo.substring("reply+".length(), replyTo.indexOf('@'));
            String forged = "reply+" + token.substring(0, 20) + (token.charAt(20) == 'a' ? 'b' : 'a')
                    + token.substring(21) + "@reply.parley.local";
            String expired = "reply+" + ReplyToken.sign(new ReplyToken.Claims(ws.id(), conversation,
                    UUID.fromString(mia.userId()), Instant.now().minusSeconds(60)),
                    "local-only-reply-secret-change-me".getBytes(StandardCharsets.UTF_8)) + "@reply.parley.local";
            smtp(mia.email(), forged, reply("<" + UUID.randomUUID() + "@forged>", mia.email(), forged, "Forged reply"));
            smtp(mia.email(), expired, reply("<" + UUID.randomUUID() + "@expired>", mia.email(), expired, "Expired reply"));

            String email = reply(messageId, mia.email(), replyTo, """
                    Friday works for me.

                    On Sun, 22 Nov 2026 at 10:15, Salon <%s> wrote:
                    > Can you come on Friday?
                    """.formatted(replyTo));
            smtp(mia.email(), replyTo, email);
            smtp(mia.email(), replyTo, email); // the sending server retried

            List<ConsumerRecord<String, byte[]>> received = events.await(replies(), 1, Duration.ofSeconds(60),
                    Duration.ofSeconds(4));
            assertEquals(1, received.size(), "published once; forged and expired tokens publish nothing");
            assertEquals(List.of(), EventSchemas.violations("parley.email.reply.received.v1", received.get(0).value()));
            EmailReplyReceived reply = EventJson.read(received.get(0).value(), EmailReplyReceived.class);
            assertEquals("Friday works for me.", reply.body());
            assertEquals(messageId, reply.emailMessageId());
            assertEquals(mia.userId(), reply.userId());
            assertEquals(conversation, reply.conversationId());
            assertEquals(ws.id(), reply.workspaceId());
        }
    }

    @Test
    void rawMimeFromTheProvidersServiceAccountWithEveryRejection() {
        String replyTo = replyAddresses.forConversation(ws.id(), mia.userId(), conversation).orElseThrow();
        String services = Keycloak.servicesToken();
        try (TopicWatcher events = TopicWatcher.open(Topics.NOTIFICATIONS)) {
            // somebody else's address
            post(services, reply("<" + UUID.randomUUID() + "@x>", "stranger@example.com", replyTo, "Hi"))
                    .body("outcome", equalTo("unknown-sender"));
            // only a signature and a quote
            post(services, reply("<" + UUID.randomUUID() + "@x>", mia.email(), replyTo, "> quoted\n-- \nMia"))
                    .body("outcome", equalTo("empty"));
            // a token for a conversation Mia was never notified of
            String elsewhere = replyAddresses.forConversation(ws.id(), mia.userId(), UUID.randomUUID()).orElseThrow();
            post(services, reply("<" + UUID.randomUUID() + "@x>", mia.email(), elsewhere, "Hi"))
                    .body("outcome", equalTo("no-access"));
            // a person's token is not the provider's, and no token is 401
            given().auth().oauth2(mia.token()).contentType("message/rfc822")
                    .body(reply("<a@x>", mia.email(), replyTo, "Hi").getBytes(StandardCharsets.UTF_8)).post("/api/v1/inbound-email").then().statusCode(403);
            given().contentType("message/rfc822").body("x".getBytes(StandardCharsets.UTF_8)).post("/api/v1/inbound-email").then().statusCode(401);

            String accepted = "<" + UUID.randomUUID() + "@provider>";
            post(services, reply(accepted, mia.email(), replyTo, "See you Friday")).body("outcome", equalTo("accepted"));
            post(services, reply(accepted, mia.email(), replyTo, "See you Friday")).body("outcome", equalTo("duplicate"));

            // Mia is taken out of the conversation: her reply-to address for it no longer posts anything
            conversations.removed(ws.id(), conversation, "GROUP", mia);
            post(services, reply("<" + UUID.randomUUID() + "@x>", mia.email(), replyTo, "After removal"))
                    .body("outcome", equalTo("no-access"));

            // Mia leaves the workspace: her old reply-to address no longer posts anything
            ws.removeMember(miaMemberId);
            IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), mia.userId()).isEmpty());
            post(services, reply("<" + UUID.randomUUID() + "@x>", mia.email(), replyTo, "After leaving"))
                    .body("outcome", equalTo("no-access"));

            List<ConsumerRecord<String, byte[]>> received = events.await(replies(), 1, Duration.ofSeconds(30),
                    Duration.ofSeconds(3));
            assertEquals(1, received.size(), "only the accepted reply is published");
            assertTrue(new String(received.get(0).value(), StandardCharsets.UTF_8).contains("See you Friday"));
        }
    }

    private Predicate<ConsumerRecord<String, byte[]>> replies() {
        return r -> TopicWatcher.ofType("parley.email.reply.received.v1").test(r) && conversation.toString().equals(r.key());
    }

    private io.restassured.response.ValidatableResponse post(String token, String mime) {
        return given().auth().oauth2(token).contentType("message/rfc822").body(mime.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/inbound-email").then().statusCode(200);
    }

    private static String reply(String messageId, String from, String to, String text) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: Re: 1 unread message\r\nMessage-ID: " + messageId
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + text.replace("\n", "\r\n") + "\r\n";
    }

    /** A minimal SMTP client: enough for one message to the service's own SMTP port. */
    private static void smtp(String from, String to, String mime) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", SMTP_PORT)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "HELO tests.local", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            String dotStuffed = mime.replace("\r\n.", "\r\n..");
            command(out, in, dotStuffed + "\r\n.", "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, expected);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed, expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException("expected " + code + " but got " + line);
        }
    }
}
