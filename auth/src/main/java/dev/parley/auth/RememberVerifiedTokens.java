package dev.parley.auth;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps each identity OIDC verified from a bearer token in {@link VerifiedTokens}. Augmentors run only after a
 * provider authenticated the request, so a token that failed verification never gets here.
 */
@ApplicationScoped
public class RememberVerifiedTokens implements SecurityIdentityAugmentor {
    private final VerifiedTokens verified;

    public RememberVerifiedTokens(VerifiedTokens verified) {
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential token = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        if (token != null) {
            verified.put(token.getToken(), identity);
        }
        return Uni.createFrom().item(identity);
    }
}
