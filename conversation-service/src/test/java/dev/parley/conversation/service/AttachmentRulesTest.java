package dev.parley.conversation.service;

import dev.parley.common.problem.ProblemCode;
import dev.parley.common.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of attachments: names, types from bytes, the size limit while streaming. */
class AttachmentRulesTest {

    @Test
    void namesLoseTheirPathControlCharactersAndQuotes() {
        assertEquals("passwd", FileNames.safe("../../etc/passwd"));
        assertEquals("boot.ini", FileNames.safe("C:\\windows\\..\\boot.ini"));
        assertEquals("a__Set-Cookie: x.png", FileNames.safe("a\r\nSet-Cookie: x.png"));
        assertEquals("_quoted_.pdf", FileNames.safe("\"quoted\".pdf"));
        assertEquals("name_.png", FileNames.safe("../../etc/\"evil\\name\".png"), "a backslash separates too");
        assertEquals("htaccess", FileNames.safe(".htaccess"));
        assertEquals("file", FileNames.safe("../"));
        assertEquals("file", FileNames.safe(null));
        assertEquals(255, FileNames.safe("x".repeat(400)).length());
        assertEquals("abc.png", FileNames.safe("ab\u202ec.png").replace("_", ""), "bidi overrides go too");
    }

    @Test
    void contentDispositionIsOneHeaderWithAnAsciiFallback() {
        String header = FileNames.contentDisposition("Zoë's \"plan\"\r\n.pdf");
        assertEquals("attachment; filename=\"Zo_'s _plan___.pdf\"; filename*=UTF-8''Zo%C3%AB%27s%20_plan___.pdf", header);
        assertTrue(header.chars().noneMatch(c -> c < 0x20 || c > 0x7e));
    }

    @Test
    void typesComeFromTheBytesAndTheNameOnlyNarrowsThem(@TempDir Path dir) throws IOException {
        assertEquals("application/x-msdownload", ContentTypes.detect(file(dir, new byte[]{'M', 'Z', (byte) 0x90, 0, 3, 0}), "cat.png"));
        assertTrue(ContentTypes.acceptable(file(dir, new byte[]{'M', 'Z', (byte) 0x90, 0, 3, 0}), "cat.png").isEmpty());
        assertEquals("application/pdf", ContentTypes.detect(file(dir, "%PDF-1.4\n1 0 obj\n".getBytes()), "cat.png"));
        assertEquals("text/plain", ContentTypes.detect(file(dir, "hello there\n".getBytes()), "cat.png"));
        assertEquals("text/csv", ContentTypes.detect(file(dir, "a,b\n1,2\n".getBytes()), "list.csv"));
        assertEquals("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ContentTypes.detect(file(dir, new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}), "letter.docx"));
        byte[] noise = new byte[3000];
        new java.util.Random(1).nextBytes(noise);
        noise[0] = 0; // not a signature Tika knows
        assertEquals("application/octet-stream", ContentTypes.detect(file(dir, noise), "photo.png"),
                "unknown bytes are not made a PNG by their name");
        assertTrue(ContentTypes.acceptable(file(dir, "<html><script>x</script></html>".getBytes()), "a.txt").isEmpty());
    }

    @Test
    void theLimitHoldsWhileStreaming() throws IOException {
        try (InputStream in = new AttachmentService.Limited(new ByteArrayInputStream(new byte[100]), 100)) {
            assertEquals(100, in.readAllBytes().length);
        }
        InputStream over = new AttachmentService.Limited(new ByteArrayInputStream(new byte[101]), 100);
        ProblemException e = assertThrows(ProblemException.class, over::readAllBytes);
        assertEquals(ProblemCode.TOO_LARGE, e.code());
    }

    private static Path file(Path dir, byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "upload", ".bin");
        Files.write(file, bytes);
        return file;
    }
}
