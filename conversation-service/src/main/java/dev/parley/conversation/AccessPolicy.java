package dev.parley.conversation;

import dev.parley.common.access.ReadAccess;
import dev.parley.common.identity.Permission;

import java.util.Set;

/**
 * The access table of DESIGN section 3, in one place and with no infrastructure: every listing, read, write and
 * participant change asks this class, and nothing else decides who sees or writes what.
 *
 * <p>For a client: they read exactly the conversations they take part in (never INTERNAL) and write in them except
 * in ANNOUNCEMENT rooms. For a member: see the table; a participant's role is the stronger word (a READ_ONLY agent or
 * a WATCHER does not write even when their permissions would allow it elsewhere); assigned staff never see PRIVATE.
 * When messaging is turned off nobody writes. PRIVATE feeds exist only while private messaging is enabled.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** Who is asking: a client, or a member with their effective permissions. */
    public record Viewer(boolean client, Set<Permission> permissions) {
        public static Viewer asClient() {
            return new Viewer(true, Set.of());
        }

        public static Viewer asMember(Set<Permission> permissions) {
            return new Viewer(false, Set.copyOf(permissions));
        }

        boolean has(Permission permission) {
            return !client && permissions.contains(permission);
        }
    }

    /** The viewer's place in the conversation, if they are a participant. */
    public record Participation(ParticipantRole role, ParticipantAccess access) {
        boolean writes() {
            return switch (role) {
                case OWNER -> true;
                case AGENT, CLIENT -> access == ParticipantAccess.WRITE;
                case WATCHER -> false;
            };
        }
    }

    /** The workspace settings the table depends on. */
    public record Settings(boolean messagingEnabled, boolean privateMessagingEnabled, boolean clientsSeeParticipants) {
    }

    /**
     * One question: may this viewer do something in this conversation?
     *
     * @param participation null when the viewer is not a participant
     * @param assigned      the viewer is a member assigned to the conversation's client (meaningful for CLIENT only)
     */
    public record Context(ConversationKind kind, Viewer viewer, Participation participation, boolean assigned,
                          Settings settings) {
        boolean participant() {
            return participation != null;
        }
    }

    /** The answer to "may I post here", in the order the API reports it: 404, then 409, then 403. */
    public enum WriteDecision {
        ALLOWED, NOT_VISIBLE, MESSAGING_DISABLED, READ_ONLY
    }

    /** The read rule lives in common (notification-service asks it too, before anything leaves by email, SMS or push). */
    public static boolean canRead(Context c) {
        return ReadAccess.canRead(c.kind().name(), c.viewer().client(), c.viewer().permissions(), c.participant(),
                c.assigned(), c.settings().privateMessagingEnabled());
    }

    /** Whether the viewer may write, ignoring the messaging switch (a UI shows the composer from this). */
    public static boolean mayWrite(Context c) {
        if (!canRead(c)) {
            return false;
        }
        if (c.viewer().client()) {
            return c.kind() != ConversationKind.ANNOUNCEMENT && c.participation().writes();
        }
        if (c.participant() && !c.participation().writes()) {
            return false; // the role is the stronger word
        }
        return switch (c.kind()) {
            case PRIVATE -> c.viewer().has(Permission.PRIVATE_ACCESS);
            case INTERNAL -> true; // readable only as a participant, who writes per role (checked above)
            case CLIENT -> c.participant() || c.assigned() || c.viewer().has(Permission.CHATS_REPLY);
            case ORGANISATION, GROUP, ANNOUNCEMENT -> c.participant() || c.viewer().has(Permission.CHATS_REPLY);
        };
    }

    public static WriteDecision write(Context c) {
        if (!canRead(c)) {
            return WriteDecision.NOT_VISIBLE;
        }
        if (!c.settings().messagingEnabled()) {
            return WriteDecision.MESSAGING_DISABLED;
        }
        return mayWrite(c) ? WriteDecision.ALLOWED : WriteDecision.READ_ONLY;
    }

    /** Adding, removing and changing participants: members with conversations.manage, or the room's owner. */
    public static boolean canManageParticipants(Context c) {
        if (c.viewer().client() || !canRead(c)) {
            return false;
        }
        return c.viewer().has(Permission.CONVERSATIONS_MANAGE)
                || (c.participant() && c.participation().role() == ParticipantRole.OWNER);
    }

    /** Members always see the participant list; clients only where the workspace allows it. */
    public static boolean canSeeParticipants(Context c) {
        if (!canRead(c)) {
            return false;
        }
        return !c.viewer().client() || c.settings().clientsSeeParticipants();
    }

    /** The author deletes their own message; a member with chats.reply deletes any message they can read. */
    public static boolean canDeleteMessage(Context c, boolean author) {
        if (!canRead(c)) {
            return false;
        }
        return author || c.viewer().has(Permission.CHATS_REPLY);
    }

    /** Only the author edits, and only where they may still write. */
    public static WriteDecision edit(Context c, boolean author) {
        WriteDecision decision = write(c);
        if (decision == WriteDecision.ALLOWED && !author) {
            return WriteDecision.READ_ONLY;
        }
        return decision;
    }

    /** Rooms are created by members with conversations.manage (an ANNOUNCEMENT room also by announcements.send). */
    public static boolean canCreate(Viewer viewer, ConversationKind kind) {
        if (viewer.client() || !kind.createdByHand()) {
            return false;
        }
        return viewer.has(Permission.CONVERSATIONS_MANAGE)
                || (kind == ConversationKind.ANNOUNCEMENT && viewer.has(Permission.ANNOUNCEMENTS_SEND));
    }
}
