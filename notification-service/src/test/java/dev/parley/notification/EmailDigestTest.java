package dev.parley.notification;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.MessageSender;
import dev.parley.events.conversation.MessagesRead;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unread digest over real SMTP into GreenMail. The workspace's emailDigestMinutes is 4 and the test profile
 * makes a "minute" one second, so a digest goes about 4 s after a person's first unread notification.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EmailDigestTest {
    /**
     * The same bound as IdentityFixture's. What it covers besides the 4 s period: the shared GreenMail stalling under
     * the machine's load (seen: 421 after its 30 s socket timeout; the digest is then tried again 5 s later, after
     * the digests of other modules' test people that this instance also sends).
     */
    private static final Duration MAIL_WAIT = Duration.ofSeconds(120);

    private final TestPerson sam = Keycloak.person("Sam");
    private final IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.emailDigestMinutes(4));

    @Inject
    IdentityDirectory directory;
    @Inject
    ConversationEvents conversations;
    @Inject
    TestDatabase database;

    @Test
    void oneEmailListsTheUnreadConversationsWithTheirNewestMessagesAndNothingAlreadyRead() {
        TestPerson mia = member("Mia");
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        conversations.added(ws.id(), a, "GROUP", false, mia);
        conversations.added(ws.id(), b, "GROUP", false, mia);
        // b is read before the digest goes (same key, so the read follows its message in order)
        TestEvents.publish(b.toString(), posted(b, 1, "Invoice question for last month", mia));
        TestEvents.publish(b.toString(), new MessagesRead(ws.id(), b, "GROUP", mia.userId(), "MEMBER", 1, Instant.now()));
        TestEvents.publish(a.toString(), posted(a, 1, "Can I move my appointment to Friday?", mia));
        TestEvents.publish(a.toString(), posted(a, 2, "Also, is there parking nearby?", mia));

        await().atMost(MAIL_WAIT).until(() -> !GreenMail.messages(mia.email()).isEmpty());
        GreenMail.Received mail = GreenMail.messages(mia.email()).get(0);
        String mime = mail.decoded();
        assertEquals("2 unread messages in " + ws.name(), mail.subject());
        assertTrue(mime.contains("From: \"" + ws.name() + "\" <notifications@parley.local>"), "workspace name as sender: " + mime);
        assertTrue(mime.contains("text/plain") && mime.contains("text/html"), "plain-text and HTML parts");
        assertTrue(mime.contains("Can I move my appointment to Friday?"));
        assertTrue(mime.contains("Also, is there parking nearby?"));
        assertTrue(mime.contains("/workspaces/" + ws.id() + "/conversations/" + a), "a link to the conversation");
        assertFalse(mime.contains("Invoice question"), "a conversation read before the digest is not in it");
        assertTrue(mime.matches("(?s).*Reply-To: reply\\+[a-z2-7]+@reply\\.parley\\.local.*"), "signed reply-to: " + mime);

        // one digest per period: nothing more arrives, and what was emailed is not emailed again
        sleep(Duration.ofSeconds(6));
        assertEquals(1, GreenMail.messages(mia.email()).size());

        // a new message starts a new period and a new digest with only the new message
        TestEvents.publish(a.toString(), posted(a, 3, "Never mind, see you Friday", mia));
        await().atMost(MAIL_WAIT).until(() -> GreenMail.messages(mia.email()).size() == 2);
        String second = GreenMail.messages(mia.email()).get(1).decoded();
        assertTrue(second.contains("Never mind, see you Friday"));
        assertFalse(second.contains("Can I move my appointment"), "already emailed: " + second);
    }

    @Test
    void mutedEmailAndAMutedConversationSendNothing() {
        TestPerson control = member("Cora");
        TestPerson mutedAll = member("Max");
        TestPerson picky = member("Pia");
        TestPerson mutedInTheApp = member("Tia");
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        UUID e = UUID.randomUUID();
        conversations.added(ws.id(), c, "GROUP", false, control, mutedAll);
        conversations.added(ws.id(), d, "GROUP", false, picky);
        conversations.added(ws.id(), e, "GROUP", false, mutedInTheApp);
        preferences(mutedAll, "{\"email\":true,\"sms\":false,\"push\":true,\"muteAllEmail\":true,\"mutedConversationIds\":[]}");
        preferences(picky, "{\"email\":true,\"sms\":false,\"push\":true,\"muteAllEmail\":false,\"mutedConversationIds\":[\"" + d + "\"]}");
        // Tia mutes e in the app: conversation-service's PUT .../conversations/{id}/me {"muted": true} announces it
        conversations.muted(ws.id(), e, "GROUP", mutedInTheApp, true);
        given().auth().oauth2(mutedInTheApp.token()).get("/api/v1/workspaces/" + ws.id() + "/notification-preferences")
                .then().statusCode(200).body("mutedConversationIds", org.hamcrest.Matchers.contains(e.toString()));

        TestEvents.publish(d.toString(), posted(d, 1, "In the muted room", picky));
        TestEvents.publish(e.toString(), posted(e, 1, "In the room muted in the app", mutedInTheApp));
        TestEvents.publish(c.toString(), posted(c, 1, "Hello everyone", control, mutedAll));

        // the muted conversations still notify in the app (the unread count stays true); only email is held back
        await().atMost(MAIL_WAIT).until(() -> inAppCount(mutedInTheApp) == 1 && inAppCount(picky) == 1);
        await().atMost(MAIL_WAIT).until(() -> !GreenMail.messages(control.email()).isEmpty());
        await().atMost(MAIL_WAIT).until(() -> noDigestPending());
        assertEquals(List.of(), GreenMail.messages(mutedAll.email()), "mute all email sends nothing");
        assertEquals(List.of(), GreenMail.messages(picky.email()), "a muted conversation sends nothing");
        assertEquals(List.of(), GreenMail.messages(mutedInTheApp.email()), "a conversation muted in the app sends nothing");
    }

    private long inAppCount(TestPerson person) {
        return given().auth().oauth2(person.token()).get("/api/v1/workspaces/" + ws.id() + "/notifications")
                .then().statusCode(200).extract().jsonPath().getLong("unreadCount");
    }

    /** Every digest of this workspace has been dealt with (sent, or decided against). */
    private boolean noDigestPending() {
        return database.count("select count(*) from email_digest where workspace_id = ?1 and due_at is not null", ws.id()) == 0;
    }

    private TestPerson member(String name) {
        TestPerson person = Keycloak.person(name);
        ws.member(person);
        IdentityFixture.awaitProjected(() -> directory.principal(ws.id(), person.userId()).isPresent()
                && directory.workspace(ws.id()).isPresent());
        return person;
    }

    private void preferences(TestPerson person, String body) {
        given().auth().oauth2(person.token()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/workspaces/" + ws.id() + "/notification-preferences").then().statusCode(200);
    }

    private MessagePosted posted(UUID conversation, long seq, String body, TestPerson... to) {
        List<String> visibleTo = new java.util.ArrayList<>(List.of(sam.userId()));
        for (TestPerson p : to) {
            visibleTo.add(p.userId());
        }
        return new MessagePosted(ws.id(), conversation, "GROUP", null, UUID.randomUUID(), seq, "TEXT",
                new MessageSender(sam.userId(), "MEMBER", sam.displayName()), body, List.of(), false, null, null,
                Instant.now(), visibleTo);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
