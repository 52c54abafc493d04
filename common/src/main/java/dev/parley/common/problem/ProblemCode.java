package dev.parley.common.problem;

/** The stable problem codes of DESIGN section 9, with the HTTP status each maps to. */
public enum ProblemCode {
    VALIDATION_FAILED("validation-failed", 400, "Invalid request"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "Conflict"),
    MESSAGING_DISABLED("messaging-disabled", 409, "Messaging is turned off"),
    TOO_LARGE("too-large", 413, "Too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    INTERNAL("internal", 500, "Internal error"),
    UNAVAILABLE("unavailable", 503, "Service unavailable");

    private final String code;
    private final int status;
    private final String title;

    ProblemCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
