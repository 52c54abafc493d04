package dev.parley.notification.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Reply-to addresses with a signed token naming the person, workspace and conversation (see {@link ReplyToken}). */
@ApplicationScoped
public class ReplyAddresses {
    private final Config config;

    public ReplyAddresses(Config config) {
        this.config = config;
    }

    @ConfigMapping(prefix = "parley.notification.reply")
    public interface Config {
        /** The HMAC key; the local default is for development only, %prod takes PARLEY_REPLY_SECRET. */
        String secret();

        @WithDefault("reply.parley.local")
        String domain();

        /** How long a reply-to address is accepted after the email went. */
        @WithDefault("P30D")
        Duration validity();
    }

    /** The Reply-To of an email about this conversation; empty when the user id is not a Keycloak UUID. */
    public Optional<String> forConversation(UUID workspaceId, String userId, UUID conversationId) {
        UUID user;
        try {
            user = UUID.fromString(userId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String token = ReplyToken.sign(new ReplyToken.Claims(workspaceId, conversationId, user,
                Instant.now().plus(config.validity())), key());
        return Optional.of("reply+" + token + "@" + config.domain());
    }

    public Optional<String> mailto(UUID workspaceId, String userId, UUID conversationId) {
        return forConversation(workspaceId, userId, conversationId).map(address -> "mailto:" + address);
    }

    /** The claims of an address this service signed and that is still valid; empty for anything else. */
    public Optional<ReplyToken.Claims> verify(String address, Instant now) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.strip();
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.substring(at + 1).equalsIgnoreCase(config.domain()) || !a.regionMatches(true, 0, "reply+", 0, 6)) {
            return Optional.empty();
        }
        return ReplyToken.verify(a.substring(6, at), key(), now);
    }

    byte[] key() {
        return config.secret().getBytes(StandardCharsets.UTF_8);
    }
}
