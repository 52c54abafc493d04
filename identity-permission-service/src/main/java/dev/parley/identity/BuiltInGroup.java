package dev.parley.identity;

import dev.parley.common.identity.Permission;

import java.util.EnumSet;
import java.util.Set;

import static dev.parley.common.identity.Permission.*;

/**
 * The permission groups every workspace starts with. Owner holds everything and cannot be changed; Admin and
 * Owner always keep private.access (the seeds' "only Admins see private messages"); Office manager and Team
 * member are ordinary starting points a workspace may edit.
 */
public enum BuiltInGroup {
    OWNER("Owner", EnumSet.allOf(Permission.class)),
    ADMIN("Admin", EnumSet.allOf(Permission.class)),
    OFFICE_MANAGER("Office manager", EnumSet.of(CHATS_ACCESS, CHATS_REPLY, ANNOUNCEMENTS_SEND, CONVERSATIONS_MANAGE, CLIENTS_MANAGE)),
    TEAM_MEMBER("Team member", EnumSet.of(CHATS_ACCESS, CHATS_REPLY));

    private final String displayName;
    private final Set<Permission> permissions;

    BuiltInGroup(String displayName, Set<Permission> permissions) {
        this.displayName = displayName;
        this.permissions = permissions;
    }

    public String displayName() {
        return displayName;
    }

    public Set<Permission> permissions() {
        return EnumSet.copyOf(permissions);
    }

    /** Permissions the group can never lose. */
    public Set<Permission> mandatory() {
        return switch (this) {
            case OWNER -> EnumSet.allOf(Permission.class);
            case ADMIN -> EnumSet.of(PRIVATE_ACCESS);
            default -> EnumSet.noneOf(Permission.class);
        };
    }
}
