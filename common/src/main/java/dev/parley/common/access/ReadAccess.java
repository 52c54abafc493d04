package dev.parley.common.access;

import dev.parley.common.identity.Permission;

import java.util.Set;

/**
 * The "may read" column of DESIGN section 3's access table, in one place for every service that asks it:
 * conversation-service's AccessPolicy (for every listing, read and write) and notification-service (before an email
 * digest, an SMS or a push goes out, so someone who lost access gets nothing more). Pure: the caller supplies the
 * facts from its own projections.
 *
 * <p>A client reads exactly the conversations they take part in, never INTERNAL. A member reads as a participant,
 * or through a permission: chats.access for client-facing kinds, assignment to the client for CLIENT, private.access
 * for PRIVATE (participation does not count there: losing private.access loses the feed), never INTERNAL without
 * taking part. PRIVATE feeds exist only while private messaging is enabled. An unknown kind is read by nobody.
 */
public final class ReadAccess {

    private ReadAccess() {
    }

    /**
     * @param kind                    the conversation kind as DESIGN and the events name it (CLIENT, ORGANISATION,
     *                                GROUP, INTERNAL, PRIVATE, ANNOUNCEMENT)
     * @param client                  the reader is a client of the workspace (else a member)
     * @param permissions             the member's effective permissions (ignored for a client)
     * @param participant             the reader takes part in the conversation
     * @param assigned                the member is assigned to the conversation's client (meaningful for CLIENT only)
     * @param privateMessagingEnabled the workspace setting
     */
    public static boolean canRead(String kind, boolean client, Set<Permission> permissions, boolean participant,
                                  boolean assigned, boolean privateMessagingEnabled) {
        if (kind == null) {
            return false;
        }
        if ("PRIVATE".equals(kind) && !privateMessagingEnabled) {
            return false;
        }
        if (client) {
            return participant && !"INTERNAL".equals(kind) && known(kind);
        }
        return switch (kind) {
            case "PRIVATE" -> permissions.contains(Permission.PRIVATE_ACCESS);
            case "INTERNAL" -> participant;
            case "CLIENT" -> participant || permissions.contains(Permission.CHATS_ACCESS) || assigned;
            case "ORGANISATION", "GROUP", "ANNOUNCEMENT" -> participant || permissions.contains(Permission.CHATS_ACCESS);
            default -> false;
        };
    }

    private static boolean known(String kind) {
        return switch (kind) {
            case "CLIENT", "ORGANISATION", "GROUP", "INTERNAL", "PRIVATE", "ANNOUNCEMENT" -> true;
            default -> false;
        };
    }
}
