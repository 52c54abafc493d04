package dev.parley.common.identity;

import java.util.Arrays;
import java.util.Optional;

/** The eight permissions of DESIGN section 2, each granted independently through permission groups. */
public enum Permission {
    CHATS_ACCESS("chats.access"),
    CHATS_REPLY("chats.reply"),
    PRIVATE_ACCESS("private.access"),
    ANNOUNCEMENTS_SEND("announcements.send"),
    CONVERSATIONS_MANAGE("conversations.manage"),
    SETTINGS_MANAGE("settings.manage"),
    TEAM_MANAGE("team.manage"),
    CLIENTS_MANAGE("clients.manage");

    private final String key;

    Permission(String key) {
        this.key = key;
    }

    /** The name used in the API and in events, e.g. {@code chats.access}. */
    public String key() {
        return key;
    }

    public static Optional<Permission> fromKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }
}
