package dev.parley.identity.rest;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** What the bearer token says about the caller: the subject (Keycloak user id) is who they are everywhere. */
@RequestScoped
public class CallerToken {
    private final JsonWebToken token;

    public CallerToken(JsonWebToken token) {
        this.token = token;
    }

    public String userId() {
        return token.getSubject();
    }

    public String displayName() {
        String name = token.getClaim("name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String username = token.getClaim("preferred_username");
        return username != null ? username : userId();
    }

    public String email() {
        String email = token.getClaim("email");
        return email == null ? "" : email.toLowerCase(java.util.Locale.ROOT);
    }
}
