package dev.parley.identity.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Input rules of the identity API, as pure functions: each failure is a 400 naming the field. */
public final class Validation {
    public static final int MAX_NAME = 200;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_WELCOME_MESSAGE = 2000;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;
    public static final UUID BEFORE_ALL = new UUID(0, 0);

    // Deliberately simpler than RFC 5322: one @, a dot in the domain, no spaces; what a person can type and receive.
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern MOBILE_PUNCTUATION = Pattern.compile("[\\s().-]");
    private static final String CURSOR_PREFIX = "after:";

    private Validation() {
    }

    /** A required display name: trimmed, 1 to 200 characters, no control characters. */
    public static String name(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_NAME) {
            throw ProblemException.invalid(field, "must be at most " + MAX_NAME + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid(field, "must not contain control characters");
        }
        return trimmed;
    }

    public static String optionalName(String field, String value) {
        return value == null ? null : name(field, value);
    }

    /** A required email address, lower-cased (Keycloak matches emails case-insensitively too). */
    public static String email(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_EMAIL || !EMAIL.matcher(trimmed).matches()) {
            throw ProblemException.invalid(field, "is not a valid email address");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /**
     * An optional mobile number in international form. Spaces, dots, dashes and brackets people type are dropped,
     * a leading 00 becomes +; what remains must be E.164 (+, country code, up to 15 digits). Blank means none.
     */
    public static String mobile(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String compact = MOBILE_PUNCTUATION.matcher(value.strip()).replaceAll("");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        if (!E164.matcher(compact).matches()) {
            throw ProblemException.invalid(field, "is not a mobile number in international form, e.g. +44 7700 900123");
        }
        return compact;
    }

    /** Permission names as the API spells them ({@code chats.access}); an unknown one is a 400, not ignored. */
    public static Set<Permission> permissions(String field, List<String> keys) {
        if (keys == null) {
            throw ProblemException.invalid(field, "is required");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String key : keys) {
            permissions.add(Permission.fromKey(key)
                    .orElseThrow(() -> ProblemException.invalid(field, "unknown permission '" + key + "'")));
        }
        return permissions;
    }

    public static String welcomeMessage(String value) {
        if (value == null) {
            throw ProblemException.invalid("welcomeMessage", "must not be null");
        }
        if (value.length() > MAX_WELCOME_MESSAGE) {
            throw ProblemException.invalid("welcomeMessage", "must be at most " + MAX_WELCOME_MESSAGE + " characters");
        }
        return value;
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** Cursors are opaque to callers: the last id of the previous page, encoded. */
    public static String cursor(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID after(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return BEFORE_ALL;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith(CURSOR_PREFIX)) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(decoded.substring(CURSOR_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
