package dev.parley.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a bearer token this process already verified from {@link VerifiedTokens}, ahead of Quarkus OIDC's own
 * provider; for any other token it answers nothing, so OIDC verifies it as always (and
 * {@link RememberVerifiedTokens} keeps the result).
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private final VerifiedTokens verified;

    public CachedTokenIdentityProvider(VerifiedTokens verified) {
        this.verified = verified;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST + 100; // before OIDC's provider (default priority SYSTEM_FIRST + 1)
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(verified.get(request.getToken().getToken())
                .map(identity -> forThisRequest(identity, HttpSecurityUtils.getRoutingContextAttribute(request)))
                .orElse(null));
    }

    private static SecurityIdentity forThisRequest(SecurityIdentity identity, RoutingContext request) {
        return request == null ? identity : QuarkusSecurityIdentity.builder(identity)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, request).build();
    }
}
