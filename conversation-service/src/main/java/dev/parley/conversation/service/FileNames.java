package dev.parley.conversation.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Upload names made harmless: kept for display and for the download's Content-Disposition, never used as a path.
 */
public final class FileNames {
    public static final int MAX_CHARS = 255;

    private FileNames() {
    }

    /**
     * The last path segment (either slash), without control characters (CR, LF, NUL, ...), quotes or backslashes,
     * without leading dots, at most 255 characters; "file" when nothing is left.
     */
    public static String safe(String name) {
        String s = name == null ? "" : name;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\' || Character.getType(c) == Character.FORMAT) {
                out.append('_');
            } else {
                out.appendCodePoint(c);
            }
        });
        String cleaned = out.toString().strip().replaceFirst("^\\.+", "");
        if (cleaned.length() > MAX_CHARS) {
            cleaned = cleaned.substring(0, MAX_CHARS);
        }
        return cleaned.isEmpty() ? "file" : cleaned;
    }

    /**
     * {@code attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>} (RFC 6266): always a
     * download, never rendered in the API's origin.
     */
    public static String contentDisposition(String name) {
        String safe = safe(name);
        String ascii = safe.codePoints().mapToObj(c -> c >= 0x20 && c < 0x7f ? Character.toString(c) : "_")
                .reduce("", String::concat);
        String encoded = URLEncoder.encode(safe, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
