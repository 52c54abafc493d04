package dev.parley.common.problem;

import java.util.List;

/** Thrown by the service layer to end a request with a problem; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final ProblemCode code;
    private final List<Problem.FieldError> errors;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    public ProblemException(ProblemCode code, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = errors;
    }

    public ProblemCode code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** 404 that says nothing about whether the thing exists: the only answer for another tenant's ids. */
    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemCode.NOT_FOUND, what + " not found");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemCode.FORBIDDEN, detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemCode.CONFLICT, detail);
    }
}
