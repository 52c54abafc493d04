package dev.parley.conversation.it;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;
import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.conversation.repository.PgAttachmentStore;
import dev.parley.conversation.service.AttachmentService;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import dev.parley.events.conversation.AttachmentRef;
import dev.parley.events.conversation.MessagePosted;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attachments over HTTP with real tokens: upload, post with, download, limits, types, access and removal. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AttachmentTest {
    /** A PNG signature and IHDR start: enough for the type to be image/png whatever the file is called. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    /** The start of a Windows executable (MZ ... PE). */
    private static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};

    @Inject
    IdentityDirectory directory;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    AttachmentService attachments;

    @Test
    void uploadPostDownloadRoundTripForEveryoneWhoMaySeeTheMessage() {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        TestPerson bob = Keycloak.person("Bob");
        TestPerson assistant = Keycloak.person("Sam");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        ws.member(assistant); // no chats.access: does not read Carla's chat
        ws.client(carla);
        ws.client(bob);
        awaitProjected(ws.id(), bob.userId(), assistant.userId());
        UUID carlaChat = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        Api.awaitConversation(bob, ws.id(), "CLIENT", null);

        byte[] photo = png(5000);
        Response uploaded = upload(carla, ws.id(), "photo of the cat.jpg", photo);
        uploaded.then().statusCode(201);
        UUID id = UUID.fromString(uploaded.jsonPath().getString("id"));
        assertEquals("image/png", uploaded.jsonPath().getString("contentType"), "the bytes decide, not the name");
        assertEquals(photo.length, uploaded.jsonPath().getLong("size"));
        assertEquals("photo of the cat.jpg", uploaded.jsonPath().getString("fileName"));
        String url = uploaded.jsonPath().getString("url");
        assertEquals(Api.ws(ws.id()) + "/attachments/" + id, url);

        Api.as(owner).get(url).then().statusCode(404); // an upload no message took is its uploader's only
        assertArrayEquals(photo, download(carla, url).asByteArray());

        try (TopicWatcher messages = TopicWatcher.open(Topics.MESSAGES)) {
            Response posted = Api.as(carla).body(Map.of("body", "here he is", "attachmentIds", List.of(id)))
                    .post(Api.conversation(ws.id(), carlaChat) + "/messages");
            posted.then().statusCode(201);
            assertEquals(List.of(id.toString()), posted.jsonPath().getList("attachments.id"));
            assertEquals(url, posted.jsonPath().getString("attachments[0].url"));
            UUID messageId = UUID.fromString(posted.jsonPath().getString("id"));

            var event = messages.await(TopicWatcher.ofType("parley.message.posted.v1").and(r -> EventJson.read(r.value(),
                    MessagePosted.class).messageId().equals(messageId)), 1).get(0);
            assertEquals(List.of(new AttachmentRef(id, "photo of the cat.jpg", "image/png", photo.length)),
                    EventJson.read(event.value(), MessagePosted.class).attachments());
        }

        Response got = download(owner, url);
        assertArrayEquals(photo, got.asByteArray(), "bytes equal after the round trip");
        assertEquals("image/png", got.contentType());
        assertEquals("nosniff", got.header("X-Content-Type-Options"));
        assertTrue(got.header("Content-Disposition").startsWith("attachment; filename=\"photo of the cat.jpg\""),
                got.header("Content-Disposition"));
        assertArrayEquals(photo, download(carla, url).asByteArray());
        List<Map<String, Object>> history = Api.history(owner, ws.id(), carlaChat, null);
        Map<String, Object> last = history.get(history.size() - 1);
        assertEquals(List.of(Map.of("id", id.toString(), "fileName", "photo of the cat.jpg", "contentType", "image/png",
                "size", photo.length, "url", url)), last.get("attachments"), "history shows the attachment");

        Api.as(bob).get(url).then().statusCode(404); // another client
        Api.as(assistant).get(url).then().statusCode(404); // a member who may not read that chat
        RestAssured.given().get(url).then().statusCode(401);
        Api.as(owner).get(Api.ws(ws.id()) + "/attachments/" + UUID.randomUUID()).then().statusCode(404);
        // taken once: a second post with the same id is a conflict
        Api.as(carla).body(Map.of("body", "again", "attachmentIds", List.of(id)))
                .post(Api.conversation(ws.id(), carlaChat) + "/messages").then().statusCode(409);
    }

    @Test
    void sizeLimitTypesAndForeignIds() throws SQLException {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson sam = Keycloak.person("Sam");
        TestPerson outsider = Keycloak.person("Otto");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.attachmentMaxBytes(1000));
        ws.owner(owner);
        ws.member(sam, Permission.CHATS_ACCESS, Permission.CHATS_REPLY);
        IdentityFixture.Workspace other = IdentityFixture.workspace();
        other.owner(outsider);
        awaitProjected(ws.id(), owner.userId(), sam.userId());
        awaitProjected(other.id(), outsider.userId());
        UUID room = room(owner, ws.id());

        // the limit: exactly 1000 bytes are fine, 1001 are 413 and nothing is stored
        upload(owner, ws.id(), "exact.png", png(1000)).then().statusCode(201);
        long before = rows("select count(*) from attachment where workspace_id = ?", ws.id());
        Response over = upload(owner, ws.id(), "over.png", png(1001));
        over.then().statusCode(413);
        assertEquals("too-large", over.jsonPath().getString("code"));
        assertEquals(before, rows("select count(*) from attachment where workspace_id = ?", ws.id()));

        // a disguised executable is refused; a PDF called .png is stored as what it is
        Response exe = upload(owner, ws.id(), "invoice.png", pad(EXE, 600));
        exe.then().statusCode(415);
        assertEquals("unsupported-media-type", exe.jsonPath().getString("code"));
        assertEquals(before, rows("select count(*) from attachment where workspace_id = ?", ws.id()));
        upload(owner, ws.id(), "page.html", "<html><body><script>alert(1)</script></body></html>".getBytes())
                .then().statusCode(415);
        Response pdf = upload(owner, ws.id(), "scan.png", pad("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n".getBytes(), 500));
        pdf.then().statusCode(201);
        assertEquals("application/pdf", pdf.jsonPath().getString("contentType"));
        Response csv = upload(owner, ws.id(), "prices.csv", "service,price\ncut,30\n".getBytes());
        assertEquals("text/csv", csv.jsonPath().getString("contentType"), "the name narrows text to CSV");

        // a name with a path keeps only its last segment (quotes, CR/LF: AttachmentRulesTest)
        Response odd = upload(owner, ws.id(), "../../etc/passwd.png", png(100));
        odd.then().statusCode(201);
        assertEquals("passwd.png", odd.jsonPath().getString("fileName"));
        assertEquals("attachment; filename=\"passwd.png\"; filename*=UTF-8''passwd.png",
                download(owner, odd.jsonPath().getString("url")).header("Content-Disposition"));

        // another workspace's upload, and a colleague's: 404 on post and on download
        String foreign = upload(outsider, other.id(), "theirs.png", png(100)).jsonPath().getString("id");
        String colleagues = upload(sam, ws.id(), "sams.png", png(100)).jsonPath().getString("id");
        postWith(owner, ws.id(), room, List.of(foreign)).then().statusCode(404);
        postWith(owner, ws.id(), room, List.of(colleagues)).then().statusCode(404);
        Api.as(owner).get(Api.ws(ws.id()) + "/attachments/" + foreign).then().statusCode(404);
        Api.as(outsider).get(Api.ws(other.id()) + "/attachments/" + pdf.jsonPath().getString("id")).then().statusCode(404);

        // at most 10 per message: 11 is 400 and nothing is posted
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(upload(owner, ws.id(), "p" + i + ".png", png(50)).jsonPath().getString("id"));
        }
        postWith(owner, ws.id(), room, eleven).then().statusCode(400);
        assertEquals(0, Api.history(owner, ws.id(), room, null).size());
        postWith(owner, ws.id(), room, eleven.subList(0, 10)).then().statusCode(201);
        postWith(owner, ws.id(), room, List.of(eleven.get(10), eleven.get(10))).then().statusCode(400);

        // no part, no token
        Api.as(owner).contentType("multipart/form-data").multiPart("other", "x").post(Api.ws(ws.id()) + "/attachments")
                .then().statusCode(400);
        RestAssured.given().multiPart("file", "a.png", png(10), "image/png").post(Api.ws(ws.id()) + "/attachments")
                .then().statusCode(401);
        upload(outsider, ws.id(), "a.png", png(10)).then().statusCode(404);
    }

    @Test
    void removedWithTheirMessageWithTheirClientAndWhenNoMessageTookThem() throws SQLException {
        TestPerson owner = Keycloak.person("Olivia");
        TestPerson carla = Keycloak.person("Carla");
        IdentityFixture.Workspace ws = IdentityFixture.workspace();
        ws.owner(owner);
        UUID carlaId = ws.client(carla);
        awaitProjected(ws.id(), carla.userId());
        UUID carlaChat = Api.awaitConversation(carla, ws.id(), "CLIENT", null);
        UUID room = room(owner, ws.id());

        // deleting the message removes its file
        UUID first = id(upload(owner, ws.id(), "a.png", png(3000)));
        String messageId = postWith(owner, ws.id(), room, List.of(first.toString())).then().statusCode(201)
                .extract().jsonPath().getString("id");
        Api.as(owner).delete(Api.conversation(ws.id(), room) + "/messages/" + messageId).then().statusCode(204);
        assertEquals(0, rows("select count(*) from attachment where id = ?", first));
        assertEquals(0, rows("select count(*) from attachment_chunk where attachment_id = ?", first));
        Api.as(owner).get(Api.ws(ws.id()) + "/attachments/" + first).then().statusCode(404);
        assertEquals(List.of(), Api.history(owner, ws.id(), room, null).get(0).get("attachments"));

        // a deleted client takes their uploads and their chat's files with them; the owner's other files stay
        UUID hers = id(upload(carla, ws.id(), "hers.png", png(2000)));
        postWith(carla, ws.id(), carlaChat, List.of(hers.toString())).then().statusCode(201);
        UUID ownersInHerChat = id(upload(owner, ws.id(), "reply.png", png(2000)));
        postWith(owner, ws.id(), carlaChat, List.of(ownersInHerChat.toString())).then().statusCode(201);
        UUID herLoose = id(upload(carla, ws.id(), "loose.png", png(2000)));
        UUID ownersInRoom = id(upload(owner, ws.id(), "room.png", png(2000)));
        postWith(owner, ws.id(), room, List.of(ownersInRoom.toString())).then().statusCode(201);
        ws.deleteClient(carlaId);
        IdentityFixture.awaitProjected(Duration.ofSeconds(180), () -> count("select count(*) from attachment where id in (?, ?, ?)",
                hers, ownersInHerChat, herLoose) == 0);
        assertEquals(0, rows("select count(*) from attachment_chunk where attachment_id in (?, ?, ?)", hers, ownersInHerChat, herLoose));
        assertEquals(1, rows("select count(*) from attachment where id = ?", ownersInRoom));

        // an upload no message took goes after a day
        UUID stale = id(upload(owner, ws.id(), "stale.png", png(100)));
        UUID fresh = id(upload(owner, ws.id(), "fresh.png", png(100)));
        execute("update attachment set created_at = created_at - interval '25 hours' where id = ?", stale);
        while (attachments.sweepUnused(Instant.now().minus(AttachmentService.UNATTACHED_LIFETIME)) > 0) {
            // batches of 100
        }
        assertEquals(0, rows("select count(*) from attachment where id = ?", stale));
        assertEquals(0, rows("select count(*) from attachment_chunk where attachment_id = ?", stale));
        assertEquals(1, rows("select count(*) from attachment where id = ?", fresh));
    }

    /**
     * 20 MB under a raised limit: streamed into chunks of at most 256 KiB (the store never held the file whole) and
     * read back identical.
     */
    @Test
    void aLargeUploadStreamsThroughInChunks() throws Exception {
        TestPerson owner = Keycloak.person("Olivia");
        IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.attachmentMaxBytes(21L * 1024 * 1024));
        ws.owner(owner);
        awaitProjected(ws.id(), owner.userId());
        int size = 20 * 1024 * 1024;
        Path file = Files.createTempFile("parley-large", ".mp4");
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            Random random = new Random(7);
            System.arraycopy(PNG, 0, block, 0, PNG.length);
            for (int written = 0; written < size; written += block.length) {
                out.write(block);
                sent.update(block);
                random.nextBytes(block);
            }
        }
        Response uploaded = RestAssured.given().header("Authorization", owner.bearer())
                .multiPart("file", file.toFile(), "image/png").post(Api.ws(ws.id()) + "/attachments");
        Files.delete(file);
        uploaded.then().statusCode(201);
        UUID id = id(uploaded);
        assertEquals(size, uploaded.jsonPath().getLong("size"));
        int chunks = (size + PgAttachmentStore.CHUNK_BYTES - 1) / PgAttachmentStore.CHUNK_BYTES;
        assertEquals(chunks, rows("select count(*) from attachment_chunk where attachment_id = ?", id));
        assertEquals(PgAttachmentStore.CHUNK_BYTES,
                rows("select max(length(bytes)) from attachment_chunk where attachment_id = ?", id));

        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = download(owner, uploaded.jsonPath().getString("url")).asInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; total += n) {
                received.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(size, total);
        assertEquals(HexFormat.of().formatHex(sent.digest()), HexFormat.of().formatHex(received.digest()));
    }

    static Response upload(TestPerson person, UUID workspaceId, String fileName, byte[] bytes) {
        return RestAssured.given().header("Authorization", person.bearer())
                .multiPart("file", fileName, bytes, "application/octet-stream")
                .post(Api.ws(workspaceId) + "/attachments");
    }

    private static Response download(TestPerson person, String url) {
        Response response = Api.as(person).get(url);
        response.then().statusCode(200);
        return response;
    }

    private static Response postWith(TestPerson person, UUID workspaceId, UUID conversationId, List<String> ids) {
        return Api.as(person).body(Map.of("body", "see attached", "attachmentIds", ids))
                .post(Api.conversation(workspaceId, conversationId) + "/messages");
    }

    private static UUID room(TestPerson owner, UUID workspaceId) {
        return UUID.fromString(Api.as(owner).body(Map.of("kind", "INTERNAL", "name", "Files"))
                .post(Api.ws(workspaceId) + "/conversations").then().statusCode(201).extract().jsonPath().getString("id"));
    }

    private static UUID id(Response uploaded) {
        uploaded.then().statusCode(201);
        return UUID.fromString(uploaded.jsonPath().getString("id"));
    }

    static byte[] png(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy(PNG, 0, bytes, 0, Math.min(PNG.length, size));
        return bytes;
    }

    private static byte[] pad(byte[] start, int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(start, 0, bytes, 0, start.length);
        return bytes;
    }

    private long rows(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private long count(String sql, Object... args) {
        try {
            return rows(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    /** The identity topic may carry a backlog from other suites on a shared machine: wait longer than Api does. */
    private void awaitProjected(UUID ws, String... userIds) {
        IdentityFixture.awaitProjected(Duration.ofSeconds(180), () -> java.util.Arrays.stream(userIds)
                .allMatch(u -> directory.principal(ws, u).isPresent()));
    }
}
