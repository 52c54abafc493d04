package dev.parley.bench;

import java.util.concurrent.TimeUnit;

/**
 * A person's access token, fetched again once it is a minute old (Keycloak's tokens live 5 minutes): for set-up
 * steps that outlive one token; safe to share between the threads that run them.
 */
final class FreshToken {
    private final Api.Person person;
    private String token;
    private long fetchedAt;

    FreshToken(Api.Person person) {
        this.person = person;
    }

    synchronized String get() {
        if (token == null || System.nanoTime() - fetchedAt > TimeUnit.SECONDS.toNanos(60)) {
            token = person.token();
            fetchedAt = System.nanoTime();
        }
        return token;
    }
}
