package dev.parley.gateway.proxy;

import dev.parley.auth.VerifiedTokens;
import dev.parley.gateway.config.GatewayConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Routes {@code /api/v1/**} to the owning service with Vert.x's reverse proxy, which streams bodies both ways
 * (uploads are never buffered here). Before proxying it checks the bearer token (signature, issuer, expiry,
 * audience, through Quarkus OIDC), tags the request with an {@code X-Request-Id}, and refuses oversized bodies.
 * Each service still authorizes the request itself; the token travels on unchanged.
 */
@ApplicationScoped
public class ApiProxy {
    public static final String REQUEST_ID = "X-Request-Id";
    /** No byte either way for this long and the upstream connection is closed, whatever the exchange. */
    private static final int UPSTREAM_IDLE_SECONDS = 60;
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final GatewayConfig config;
    private final TenantIdentityProvider tokens;
    private final VerifiedTokens verified;
    private final RateLimits rateLimits;
    private final Map<Upstream, HttpProxy> proxies = new EnumMap<>(Upstream.class);

    public ApiProxy(GatewayConfig config, TenantIdentityProvider tokens, VerifiedTokens verified, RateLimits rateLimits) {
        this.config = config;
        this.tokens = tokens;
        this.verified = verified;
        this.rateLimits = rateLimits;
    }

    void register(@Observes Router router, Vertx vertx) {
        // One client, a pool of upstream-pool-size connections per service. Each exchange is bounded by
        // UpstreamExchange (caller gone → reset at once; no answer within upstream-timeout → 504). The idle
        // timeout is the last resort for a connection on which nothing moves at all (README: proxy timeouts).
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.upstreamPoolSize())
                .setKeepAlive(true)
                .setConnectTimeout(2_000)
                .setIdleTimeout(UPSTREAM_IDLE_SECONDS)
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        proxies.put(Upstream.IDENTITY, proxyTo(client, config.services().identity()));
        proxies.put(Upstream.CONVERSATION, proxyTo(client, config.services().conversation()));
        proxies.put(Upstream.NOTIFICATION, proxyTo(client, config.services().notification()));
        proxies.put(Upstream.ANNOUNCEMENT, proxyTo(client, config.services().announcement()));
        router.route("/api/v1/*").order(100).handler(this::handle);
        router.route("/api/v1/*").order(10_000).handler(rc ->
                Problems.send(rc.response(), 404, "not-found", "Not found", "no such API path", rc.normalizedPath()));
    }

    private HttpProxy proxyTo(HttpClient client, URI service) {
        // no origin: UpstreamExchange, the only interceptor, takes the connection and sends the request itself
        return HttpProxy.reverseProxy(client).addInterceptor(new UpstreamExchange(client, service, config.upstreamTimeout()));
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        var upstream = Upstream.forPath(path);
        if (upstream.isEmpty()) {
            // the realtime socket and the merged OpenAPI document have their own routes
            rc.next();
            return;
        }
        RateLimits.Verdict byIp = rateLimits.forIp(clientIp(request));
        if (!byIp.allowed()) {
            tooMany(rc, path, byIp);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parseLong(length) > config.maxBodyBytes()) {
            Problems.send(rc.response().putHeader("Connection", "close"), 413, "too-large", "Too large",
                    "the request body exceeds " + config.maxBodyBytes() + " bytes", path);
            return;
        }
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || !SAFE_REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
            request.headers().set(REQUEST_ID, requestId);
        }
        rc.response().putHeader(REQUEST_ID, requestId);

        String token = bearerToken(request);
        if (token == null) {
            unauthorized(rc, path, "a bearer token is required");
            return;
        }
        // verification may go to Keycloak (keys, rarely); hold the body until the answer is in
        request.pause();
        Context context = Vertx.currentContext();
        identity(token).subscribe().with(
                who -> context.runOnContext(v -> {
                    if (rc.response().closed()) {
                        // the caller hung up while the token was checked: a paused request whose connection is
                        // gone never ends its body, so proxying it would hold an upstream connection forever
                        // (under load that exhausted the pool and every later call hung)
                        return;
                    }
                    RateLimits.Verdict byUser = rateLimits.forUser(who.getPrincipal().getName());
                    if (byUser.allowed()) {
                        proxies.get(upstream.get()).handle(request);
                    } else {
                        tooMany(rc, path, byUser);
                    }
                }),
                failure -> context.runOnContext(v -> unauthorized(rc, path, "the bearer token is invalid or expired")));
    }

    /** Who the token says the caller is: verified by OIDC once, then from {@link VerifiedTokens} until it expires. */
    private Uni<SecurityIdentity> identity(String token) {
        return verified.get(token).map(known -> Uni.createFrom().item(known))
                .orElseGet(() -> tokens.authenticate(new AccessTokenCredential(token)).invoke(who -> verified.put(token, who)));
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** 429 with Retry-After (the realtime upgrade answers the same way). */
    public static void tooMany(RoutingContext rc, String path, RateLimits.Verdict verdict) {
        rc.response().putHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        Problems.send(rc.response(), 429, "rate-limited", "Too many requests",
                "slow down; retry after " + verdict.retryAfterSeconds() + " s", path);
    }

    /** The peer's address: behind the Ingress, Quarkus's proxy-address-forwarding makes it the real client's. */
    public static String clientIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static void unauthorized(RoutingContext rc, String path, String detail) {
        rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"parley\"");
        Problems.send(rc.response(), 401, "unauthorized", "Authentication required", detail, path);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
