package dev.parley.announcement.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** The opaque cursor of the announcement list: the (createdAt, id) of the last item returned. */
public record PageCursor(Instant createdAt, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Returns null for no cursor; throws IllegalArgumentException for one that was not made by {@link #encode()}. */
    public static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
        if (parts.length != 2) {
            throw new IllegalArgumentException("malformed cursor");
        }
        return new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
    }
}
