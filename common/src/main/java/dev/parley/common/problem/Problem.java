package dev.parley.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details, the one error shape of every Parley service. {@code code} is stable and meant for
 * programs; {@code detail} is for people. {@code errors} lists field-level validation failures when there are any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemCode code, String detail, String instance) {
        return new Problem("https://parley.dev/problems/" + code.code(), code.title(), code.status(), detail, code.code(),
                instance, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, instance, fieldErrors);
    }
}
