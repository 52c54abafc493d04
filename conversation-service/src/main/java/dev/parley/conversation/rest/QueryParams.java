package dev.parley.conversation.rest;

import dev.parley.common.problem.ProblemException;

import java.util.UUID;

/**
 * Query parameters are read as text and parsed here: JAX-RS answers an unparseable {@code @QueryParam} with 404,
 * which would hide a client's mistake behind "not found". Here it is a 400 that names the parameter.
 */
final class QueryParams {
    private QueryParams() {
    }

    static Long longValue(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a whole number");
        }
    }

    static Integer intValue(String name, String value) {
        Long parsed = longValue(name, value);
        if (parsed == null) {
            return null;
        }
        if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
            throw ProblemException.invalid(name, "out of range");
        }
        return parsed.intValue();
    }

    static UUID uuid(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "must be a UUID");
        }
    }

    static Boolean bool(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ProblemException.invalid(name, "must be true or false");
        }
        return Boolean.valueOf(value);
    }
}
