package dev.parley.conversation.service;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The type of an upload, from its bytes (Apache Tika's magic signatures), and whether Parley takes it. The file
 * name may only narrow what the bytes say to a subtype of it (a ZIP container named .docx is a Word document, plain
 * text named .csv is CSV); it never decides on its own: bytes Tika cannot place are refused whatever they are
 * called, and an executable named .png stays an executable (and is refused).
 */
public final class ContentTypes {
    /**
     * Images and the files a service business and its clients exchange (the seeds: "images", "files",
     * "attachments"): documents, spreadsheets, presentations, text, calendar invitations, audio and video. Not
     * HTML, SVG or XML (script in a browser), not archives or executables.
     */
    public static final Set<String> ALLOWED = Set.of(
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff", "image/heic", "image/heif",
            "image/avif",
            "application/pdf", "application/rtf", "text/plain", "text/csv", "text/calendar",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation",
            "audio/mpeg", "audio/mp4", "audio/ogg", "audio/vnd.wave", "audio/x-wav", "audio/webm", "audio/aac",
            "video/mp4", "video/quicktime", "video/webm", "video/ogg");

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();

    private ContentTypes() {
    }

    /** The detected type if Parley accepts it, empty otherwise. */
    public static Optional<String> acceptable(Path file, String fileName) {
        String type = detect(file, fileName);
        return ALLOWED.contains(type) ? Optional.of(type) : Optional.empty();
    }

    /** The type the bytes show, narrowed by the name only to a subtype of it; application/octet-stream if unknown. */
    public static String detect(Path file, String fileName) {
        MediaType fromBytes = detect(file, new Metadata());
        if (fromBytes.equals(MediaType.OCTET_STREAM) || fileName == null) {
            return fromBytes.getBaseType().toString();
        }
        Metadata named = new Metadata();
        named.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        MediaType narrowed = detect(file, named);
        MediaType chosen = REGISTRY.isSpecializationOf(narrowed, fromBytes) ? narrowed : fromBytes;
        return REGISTRY.normalize(chosen).getBaseType().toString();
    }

    private static MediaType detect(Path file, Metadata metadata) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return TYPES.detect(in, metadata); // reads only the first few KiB (mark/reset)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
