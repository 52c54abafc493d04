package dev.parley.identity;

import dev.parley.events.identity.ChatSettings;

/** The defaults of a new workspace's chat settings (DESIGN section 3; README lists them). */
public final class ChatSettingsValues {
    public static final long DEFAULT_ATTACHMENT_MAX_BYTES = 25L * 1024 * 1024;
    public static final int DEFAULT_EMAIL_DIGEST_MINUTES = 30;
    public static final String DEFAULT_WELCOME_MESSAGE =
            "Hi! Thanks for getting in touch. Send us a message here any time and we'll reply as soon as we can.";

    private ChatSettingsValues() {
    }

    public static ChatSettings defaults() {
        return new ChatSettings(true, true, true, true, false, "INDIVIDUAL", DEFAULT_WELCOME_MESSAGE, false, true,
                DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_EMAIL_DIGEST_MINUTES);
    }
}
