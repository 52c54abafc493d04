package dev.parley.gateway.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.realtime.Typing;
import dev.parley.gateway.proxy.ApiProxy;
import dev.parley.gateway.proxy.Problems;
import dev.parley.gateway.proxy.RateLimits;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;

/**
 * {@code GET /api/v1/realtime}: the WebSocket of DESIGN section 6. The token (an {@code Authorization: Bearer}
 * header, or {@code access_token} in the query for browsers, which cannot set headers on a WebSocket) is checked
 * before the upgrade, and the socket is closed (4001) the moment it expires. Clients send {@code ping} and
 * {@code typing}; everything else arrives from {@link EventFeed}. Opening a socket counts against the same per-IP
 * and per-person rate limits as an API request, so a reconnect loop is refused with 429 like any other flood.
 */
@ApplicationScoped
public class RealtimeSocket {
    public static final String PATH = "/api/v1/realtime";
    static final short CLOSE_TOKEN_EXPIRED = 4001;
    static final short CLOSE_BAD_FRAME = 4400;
    private static final int MAX_FRAME_CHARS = 4096;

    private final TenantIdentityProvider tokens;
    private final Sockets sockets;
    private final RealtimeDirectory directory;
    private final TypingPublisher typing;
    private final RateLimits rateLimits;

    public RealtimeSocket(TenantIdentityProvider tokens, Sockets sockets, RealtimeDirectory directory, TypingPublisher typing,
                          RateLimits rateLimits) {
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.sockets = sockets;
        this.directory = directory;
        this.typing = typing;
    }

    void register(@Observes Router router) {
        router.route(PATH).order(50).handler(this::upgrade);
    }

    private void upgrade(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        RateLimits.Verdict byIp = rateLimits.forIp(ApiProxy.clientIp(request));
        if (!byIp.allowed()) {
            ApiProxy.tooMany(rc, PATH, byIp);
            return;
        }
        String token = ApiProxy.bearerToken(request);
        if (token == null) {
            token = request.getParam("access_token");
        }
        if (token == null || token.isBlank()) {
            Problems.send(rc.response(), 401, "unauthorized", "Authentication required", "a bearer token is required", PATH);
            return;
        }
        request.pause();
        Context context = Vertx.currentContext();
        tokens.authenticate(new AccessTokenCredential(token)).subscribe().with(
                identity -> context.runOnContext(v -> {
                    RateLimits.Verdict byUser = rateLimits.forUser(identity.getPrincipal().getName());
                    if (byUser.allowed()) {
                        open(rc, identity);
                    } else {
                        ApiProxy.tooMany(rc, PATH, byUser);
                    }
                }),
                failure -> context.runOnContext(v -> Problems.send(rc.response(), 401, "unauthorized",
                        "Authentication required", "the bearer token is invalid or expired", PATH)));
    }

    private void open(RoutingContext rc, SecurityIdentity identity) {
        String userId = identity.getPrincipal().getName();
        String displayName = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("name") != null
                ? jwt.getClaim("name").toString() : null;
        long expiresAt = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getExpirationTime() * 1000 : 0;
        rc.request().resume();
        rc.request().toWebSocket().onSuccess(socket -> {
            sockets.add(userId, socket);
            long untilExpiry = Math.max(1, expiresAt - System.currentTimeMillis());
            long timer = rc.vertx().setTimer(untilExpiry, t -> socket.close(CLOSE_TOKEN_EXPIRED, "token expired"));
            socket.closeHandler(v -> {
                rc.vertx().cancelTimer(timer);
                sockets.remove(userId, socket);
            });
            socket.textMessageHandler(text -> onFrame(socket, userId, displayName, text));
            socket.binaryMessageHandler(b -> socket.close(CLOSE_BAD_FRAME, "text frames only"));
        });
    }

    private void onFrame(ServerWebSocket socket, String userId, String displayName, String text) {
        if (text.length() > MAX_FRAME_CHARS) {
            socket.close(CLOSE_BAD_FRAME, "frame too large");
            return;
        }
        JsonNode frame;
        try {
            frame = Frames.JSON.readTree(text);
        } catch (Exception e) {
            socket.writeTextMessage(error("frame is not JSON"));
            return;
        }
        switch (frame.path("type").asText()) {
            case "ping" -> socket.writeTextMessage("{\"type\":\"pong\"}");
            case "typing" -> typing(socket, userId, displayName, frame.path("conversationId").asText(""));
            default -> socket.writeTextMessage(error("unknown frame type; send ping or typing"));
        }
    }

    /** Typing is relayed only for a conversation the person may see, and only to the others who may see it. */
    private void typing(ServerWebSocket socket, String userId, String displayName, String conversation) {
        UUID conversationId;
        try {
            conversationId = UUID.fromString(conversation);
        } catch (IllegalArgumentException e) {
            socket.writeTextMessage(error("typing needs a conversationId"));
            return;
        }
        directory.audience(conversationId)
                .filter(audience -> audience.userIds().contains(userId))
                .filter(audience -> directory.flags(audience.workspaceId()).typingIndicator())
                .ifPresent(audience -> typing.publish(new Typing(audience.workspaceId(), conversationId, userId,
                        displayName, Instant.now(), new ArrayList<>(audience.userIds()))));
    }

    private static String error(String detail) {
        return Frames.JSON.createObjectNode().put("type", "error").put("detail", detail).toString();
    }
}
