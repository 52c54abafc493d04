package dev.parley.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "parley.notification")
public interface NotificationConfig {

    /** Where the web app shows a conversation: {appUrl}/workspaces/{ws}/conversations/{id}. */
    @WithDefault("http://127.0.0.1:8080/app")
    String appUrl();

    Digest digest();

    Email email();

    InboundEmail inboundEmail();

    interface InboundEmail {
        /** Keycloak clients (the token's azp) whose service accounts may POST raw MIME to /api/v1/inbound-email. */
        @WithDefault("parley-services")
        List<String> clients();
    }

    interface Digest {
        /**
         * How long one of the workspace's emailDigestMinutes lasts, in seconds: 60 in production; tests set 1 so a
         * "2 minute" digest goes after 2 seconds.
         */
        @WithDefault("60")
        int secondsPerMinute();

        /** Used when the workspace is not (yet) in the identity projection. */
        @WithDefault("30")
        int defaultMinutes();

        /** How often each instance looks for due digests (read by the @Scheduled expression). */
        @WithDefault("15s")
        String pollEvery();

        /** Delay of the first look after start. */
        @WithDefault("5s")
        String pollDelay();

        /**
         * When sending a digest fails (the SMTP server refused it or timed out), it is tried again this much later,
         * and the digests behind it go on now: one failing address never holds up everyone else's.
         */
        @WithDefault("PT1M")
        Duration retryAfter();

        /** Digests claimed per scheduler run (each in its own transaction). */
        @WithDefault("50")
        int batchSize();
    }

    interface Email {
        /** The From address; the display name is the workspace's name. */
        @WithDefault("notifications@parley.local")
        String fromAddress();
    }
}
