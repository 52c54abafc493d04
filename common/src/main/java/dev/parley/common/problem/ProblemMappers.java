package dev.parley.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error leaves a Parley service as problem+json with a stable code, and never with a stack trace:
 * unexpected failures are logged here with their id and answered with a generic 500.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Long enough for a pool to reconnect or PostgreSQL to come back from a restart; the gateway's own 503 says 2. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(Problem.of(e.code(), e.getMessage(), path(uri)).withErrors(e.errors()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(ProblemCode.VALIDATION_FAILED, detail, path(uri)).withErrors(errors));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = e.getPropertyName();
        return respond(Problem.of(ProblemCode.VALIDATION_FAILED, "unknown or server-owned field '" + field + "'", path(uri))
                .withErrors(List.of(new Problem.FieldError(field, "not accepted"))));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e, UriInfo uri) {
        String field = fieldPath(e);
        return respond(Problem.of(ProblemCode.VALIDATION_FAILED, "'" + field + "' has the wrong type or format", path(uri))
                .withErrors(List.of(new Problem.FieldError(field, "wrong type or format"))));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = fieldPath(e);
        String detail = field.isEmpty() ? "the body is not the expected JSON object" : "'" + field + "' has the wrong type";
        return respond(Problem.of(ProblemCode.VALIDATION_FAILED, detail, path(uri)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(ProblemCode.VALIDATION_FAILED, "the body is not valid JSON", path(uri)));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(Problem.of(ProblemCode.UNAUTHORIZED, "a valid bearer token is required", path(uri)));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(Problem.of(ProblemCode.UNAUTHORIZED, "a valid bearer token is required", path(uri)));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemCode.FORBIDDEN, "not allowed", path(uri)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        ProblemCode code = switch (status) {
            case 400 -> ProblemCode.VALIDATION_FAILED;
            case 401 -> ProblemCode.UNAUTHORIZED;
            case 403 -> ProblemCode.FORBIDDEN;
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 409 -> ProblemCode.CONFLICT;
            case 413 -> ProblemCode.TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ProblemCode.RATE_LIMITED;
            case 503 -> ProblemCode.UNAVAILABLE;
            default -> status >= 500 ? ProblemCode.INTERNAL : ProblemCode.VALIDATION_FAILED;
        };
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", path(uri));
        }
        String detail = status >= 500 ? "the request could not be completed" : safeDetail(e, code);
        return respond(Problem.of(code, detail, path(uri)));
    }

    /**
     * Anything not mapped above: a database outage (however it is wrapped, see {@link DatabaseOutage}) is a
     * retryable 503, everything else a 500. Neither answer says more than its code; the log has the cause.
     */
    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseOutage.isCause(e)) {
            LOG.warnf(e, "database unreachable on %s", path(uri));
            return respond(Problem.of(ProblemCode.UNAVAILABLE, "the database is not reachable; try again shortly", path(uri)));
        }
        LOG.errorf(e, "unexpected failure on %s", path(uri));
        return respond(Problem.of(ProblemCode.INTERNAL, "the request could not be completed", path(uri)));
    }

    /** The problem as a response; every 503 says when to try again (RFC 9110 Retry-After). */
    public static Response respond(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    private static String safeDetail(WebApplicationException e, ProblemCode code) {
        // RESTEasy's own messages can echo internals (class names); keep only short, plain ones.
        String message = e.getMessage();
        if (message == null || message.length() > 200 || message.contains("Exception") || message.contains("java.")) {
            return code.title();
        }
        return message;
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
