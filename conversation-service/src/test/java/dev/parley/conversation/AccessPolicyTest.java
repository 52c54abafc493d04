package dev.parley.conversation;

import dev.parley.common.identity.Permission;
import dev.parley.conversation.AccessPolicy.Context;
import dev.parley.conversation.AccessPolicy.Participation;
import dev.parley.conversation.AccessPolicy.Settings;
import dev.parley.conversation.AccessPolicy.Viewer;
import dev.parley.conversation.AccessPolicy.WriteDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.parley.common.identity.Permission.CHATS_ACCESS;
import static dev.parley.common.identity.Permission.CHATS_REPLY;
import static dev.parley.common.identity.Permission.CONVERSATIONS_MANAGE;
import static dev.parley.common.identity.Permission.PRIVATE_ACCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN section 3's access table, row by row (the CSV below is the table written out for every kind and every
 * way a member can relate to a conversation), plus invariants checked over every combination of kind, viewer,
 * permission set, participation, assignment and settings.
 */
class AccessPolicyTest {
    private static final Settings ON = new Settings(true, true, false);
    private static final Settings MESSAGING_OFF = new Settings(false, true, false);
    private static final Settings PRIVATE_OFF = new Settings(true, false, false);

    /**
     * kind, who (NONE, ACCESS, REPLY, ACCESS_REPLY, PRIVATE, ASSIGNED, ASSIGNED_ACCESS_REPLY_PRIVATE_LESS, MANAGE,
     * OWNER, AGENT_WRITE, AGENT_READ_ONLY, WATCHER, WATCHER_WITH_ALL, CLIENT_PARTICIPANT, CLIENT_OUTSIDER),
     * read, write, manage participants
     */
    @ParameterizedTest(name = "{0} {1}: read={2} write={3} manage={4}")
    @CsvSource({
            // CLIENT
            "CLIENT, NONE, false, false, false",
            "CLIENT, ACCESS, true, false, false",
            "CLIENT, REPLY, false, false, false",
            "CLIENT, ACCESS_REPLY, true, true, false",
            "CLIENT, PRIVATE, false, false, false",
            "CLIENT, ASSIGNED, true, true, false",
            "CLIENT, MANAGE, false, false, false",
            "CLIENT, ACCESS_MANAGE, true, false, true",
            "CLIENT, OWNER, true, true, true",
            "CLIENT, AGENT_WRITE, true, true, false",
            "CLIENT, AGENT_READ_ONLY, true, false, false",
            "CLIENT, WATCHER, true, false, false",
            "CLIENT, WATCHER_WITH_ALL, true, false, true",
            "CLIENT, ASSIGNED_READ_ONLY_AGENT, true, false, false",
            "CLIENT, CLIENT_PARTICIPANT, true, true, false",
            "CLIENT, CLIENT_OUTSIDER, false, false, false",
            // ORGANISATION
            "ORGANISATION, NONE, false, false, false",
            "ORGANISATION, ACCESS, true, false, false",
            "ORGANISATION, REPLY, false, false, false",
            "ORGANISATION, ACCESS_REPLY, true, true, false",
            "ORGANISATION, PRIVATE, false, false, false",
            "ORGANISATION, ASSIGNED, false, false, false",
            "ORGANISATION, MANAGE, false, false, false",
            "ORGANISATION, ACCESS_MANAGE, true, false, true",
            "ORGANISATION, OWNER, true, true, true",
            "ORGANISATION, AGENT_WRITE, true, true, false",
            "ORGANISATION, AGENT_READ_ONLY, true, false, false",
            "ORGANISATION, WATCHER, true, false, false",
            "ORGANISATION, WATCHER_WITH_ALL, true, false, true",
            "ORGANISATION, CLIENT_PARTICIPANT, true, true, false",
            "ORGANISATION, CLIENT_OUTSIDER, false, false, false",
            // GROUP
            "GROUP, NONE, false, false, false",
            "GROUP, ACCESS, true, false, false",
            "GROUP, REPLY, false, false, false",
            "GROUP, ACCESS_REPLY, true, true, false",
            "GROUP, PRIVATE, false, false, false",
            "GROUP, ASSIGNED, false, false, false",
            "GROUP, MANAGE, false, false, false",
            "GROUP, ACCESS_MANAGE, true, false, true",
            "GROUP, OWNER, true, true, true",
            "GROUP, AGENT_WRITE, true, true, false",
            "GROUP, AGENT_READ_ONLY, true, false, false",
            "GROUP, WATCHER, true, false, false",
            "GROUP, WATCHER_WITH_ALL, true, false, true",
            "GROUP, CLIENT_PARTICIPANT, true, true, false",
            "GROUP, CLIENT_OUTSIDER, false, false, false",
            // ANNOUNCEMENT: clients read, never write
            "ANNOUNCEMENT, NONE, false, false, false",
            "ANNOUNCEMENT, ACCESS, true, false, false",
            "ANNOUNCEMENT, REPLY, false, false, false",
            "ANNOUNCEMENT, ACCESS_REPLY, true, true, false",
            "ANNOUNCEMENT, ASSIGNED, false, false, false",
            "ANNOUNCEMENT, ACCESS_MANAGE, true, false, true",
            "ANNOUNCEMENT, OWNER, true, true, true",
            "ANNOUNCEMENT, AGENT_WRITE, true, true, false",
            "ANNOUNCEMENT, AGENT_READ_ONLY, true, false, false",
            "ANNOUNCEMENT, WATCHER, true, false, false",
            "ANNOUNCEMENT, CLIENT_PARTICIPANT, true, false, false",
            "ANNOUNCEMENT, CLIENT_OUTSIDER, false, false, false",
            // PRIVATE: private.access only; assigned staff never
            "PRIVATE, NONE, false, false, false",
            "PRIVATE, ACCESS, false, false, false",
            "PRIVATE, ACCESS_REPLY, false, false, false",
            "PRIVATE, PRIVATE, true, true, false",
            "PRIVATE, ASSIGNED, false, false, false",
            "PRIVATE, ASSIGNED_ACCESS_REPLY, false, false, false",
            "PRIVATE, MANAGE, false, false, false",
            "PRIVATE, PRIVATE_MANAGE, true, true, true",
            "PRIVATE, OWNER, false, false, false",
            "PRIVATE, AGENT_WRITE, false, false, false",
            "PRIVATE, PRIVATE_AGENT_READ_ONLY, true, false, false",
            "PRIVATE, CLIENT_PARTICIPANT, true, true, false",
            "PRIVATE, CLIENT_OUTSIDER, false, false, false",
            // INTERNAL: participants only, never clients
            "INTERNAL, NONE, false, false, false",
            "INTERNAL, ACCESS, false, false, false",
            "INTERNAL, ACCESS_REPLY, false, false, false",
            "INTERNAL, PRIVATE, false, false, false",
            "INTERNAL, MANAGE, false, false, false",
            "INTERNAL, ALL_PERMISSIONS, false, false, false",
            "INTERNAL, OWNER, true, true, true",
            "INTERNAL, AGENT_WRITE, true, true, false",
            "INTERNAL, AGENT_READ_ONLY, true, false, false",
            "INTERNAL, WATCHER, true, false, false",
            "INTERNAL, WATCHER_WITH_ALL, true, false, true",
            "INTERNAL, CLIENT_PARTICIPANT, false, false, false",
            "INTERNAL, CLIENT_OUTSIDER, false, false, false",
    })
    void theAccessTable(ConversationKind kind, String who, boolean read, boolean write, boolean manage) {
        Context context = context(kind, who, ON);
        assertEquals(read, AccessPolicy.canRead(context), "read");
        assertEquals(write, AccessPolicy.write(context) == WriteDecision.ALLOWED, "write");
        assertEquals(manage, AccessPolicy.canManageParticipants(context), "manage participants");
        assertEquals(!read ? WriteDecision.NOT_VISIBLE : write ? WriteDecision.ALLOWED : WriteDecision.READ_ONLY,
                AccessPolicy.write(context));
    }

    private static Context context(ConversationKind kind, String who, Settings settings) {
        Set<Permission> all = EnumSet.allOf(Permission.class);
        return switch (who) {
            case "NONE" -> member(kind, Set.of(), null, false, settings);
            case "ACCESS" -> member(kind, Set.of(CHATS_ACCESS), null, false, settings);
            case "REPLY" -> member(kind, Set.of(CHATS_REPLY), null, false, settings);
            case "ACCESS_REPLY" -> member(kind, Set.of(CHATS_ACCESS, CHATS_REPLY), null, false, settings);
            case "PRIVATE" -> member(kind, Set.of(PRIVATE_ACCESS), null, false, settings);
            case "PRIVATE_MANAGE" -> member(kind, Set.of(PRIVATE_ACCESS, CONVERSATIONS_MANAGE), null, false, settings);
            case "ASSIGNED" -> member(kind, Set.of(), null, true, settings);
            case "ASSIGNED_ACCESS_REPLY" -> member(kind, Set.of(CHATS_ACCESS, CHATS_REPLY), null, true, settings);
            case "MANAGE" -> member(kind, Set.of(CONVERSATIONS_MANAGE), null, false, settings);
            case "ACCESS_MANAGE" -> member(kind, Set.of(CHATS_ACCESS, CONVERSATIONS_MANAGE), null, false, settings);
            case "ALL_PERMISSIONS" -> member(kind, all, null, false, settings);
            case "OWNER" -> member(kind, Set.of(), new Participation(ParticipantRole.OWNER, ParticipantAccess.WRITE), false, settings);
            case "AGENT_WRITE" -> member(kind, Set.of(), new Participation(ParticipantRole.AGENT, ParticipantAccess.WRITE), false, settings);
            case "AGENT_READ_ONLY" -> member(kind, Set.of(CHATS_ACCESS, CHATS_REPLY),
                    new Participation(ParticipantRole.AGENT, ParticipantAccess.READ_ONLY), false, settings);
            case "PRIVATE_AGENT_READ_ONLY" -> member(kind, Set.of(PRIVATE_ACCESS),
                    new Participation(ParticipantRole.AGENT, ParticipantAccess.READ_ONLY), false, settings);
            case "ASSIGNED_READ_ONLY_AGENT" -> member(kind, Set.of(),
                    new Participation(ParticipantRole.AGENT, ParticipantAccess.READ_ONLY), true, settings);
            case "WATCHER" -> member(kind, Set.of(), new Participation(ParticipantRole.WATCHER, ParticipantAccess.READ_ONLY), false, settings);
            case "WATCHER_WITH_ALL" -> member(kind, all, new Participation(ParticipantRole.WATCHER, ParticipantAccess.READ_ONLY), false, settings);
            case "CLIENT_PARTICIPANT" -> new Context(kind, Viewer.asClient(), new Participation(ParticipantRole.CLIENT,
                    kind == ConversationKind.ANNOUNCEMENT ? ParticipantAccess.READ_ONLY : ParticipantAccess.WRITE), false, settings);
            case "CLIENT_OUTSIDER" -> new Context(kind, Viewer.asClient(), null, false, settings);
            default -> throw new IllegalArgumentException(who);
        };
    }

    private static Context member(ConversationKind kind, Set<Permission> permissions, Participation participation,
                                  boolean assigned, Settings settings) {
        return new Context(kind, Viewer.asMember(permissions), participation, assigned, settings);
    }

    @Test
    void aClientAnnouncementParticipantWithWriteAccessStillCannotWrite() {
        Context context = new Context(ConversationKind.ANNOUNCEMENT, Viewer.asClient(),
                new Participation(ParticipantRole.CLIENT, ParticipantAccess.WRITE), false, ON);
        assertTrue(AccessPolicy.canRead(context));
        assertEquals(WriteDecision.READ_ONLY, AccessPolicy.write(context));
    }

    @Test
    void messagingOffStopsEveryWriterButNoReader() {
        for (Context context : everyCombination(MESSAGING_OFF)) {
            WriteDecision decision = AccessPolicy.write(context);
            assertTrue(decision == WriteDecision.MESSAGING_DISABLED || decision == WriteDecision.NOT_VISIBLE, context::toString);
            Context on = new Context(context.kind(), context.viewer(), context.participation(), context.assigned(), ON);
            assertEquals(AccessPolicy.canRead(on), AccessPolicy.canRead(context), context::toString);
            assertEquals(AccessPolicy.canRead(context) ? WriteDecision.MESSAGING_DISABLED : WriteDecision.NOT_VISIBLE, decision);
        }
    }

    @Test
    void privateFeedsDisappearWhilePrivateMessagingIsOff() {
        for (Context context : everyCombination(PRIVATE_OFF)) {
            if (context.kind() == ConversationKind.PRIVATE) {
                assertFalse(AccessPolicy.canRead(context), context::toString);
            } else {
                Context on = new Context(context.kind(), context.viewer(), context.participation(), context.assigned(), ON);
                assertEquals(AccessPolicy.canRead(on), AccessPolicy.canRead(context), context::toString);
            }
        }
    }

    @Test
    void invariantsOverEveryCombination() {
        for (Context c : everyCombination(ON)) {
            boolean read = AccessPolicy.canRead(c);
            boolean write = AccessPolicy.write(c) == WriteDecision.ALLOWED;
            String why = c.toString();
            if (write) {
                assertTrue(read, "write implies read: " + why);
            }
            if (AccessPolicy.canManageParticipants(c)) {
                assertTrue(read, "manage implies read: " + why);
                assertFalse(c.viewer().client(), "clients never manage participants: " + why);
            }
            if (c.viewer().client()) {
                assertEquals(c.participation() != null && c.kind() != ConversationKind.INTERNAL, read, "client reads exactly their conversations: " + why);
                if (c.kind() == ConversationKind.ANNOUNCEMENT) {
                    assertFalse(write, "clients never write in announcement rooms: " + why);
                }
            }
            if (c.participation() != null && (c.participation().role() == ParticipantRole.WATCHER
                    || (c.participation().role() != ParticipantRole.OWNER && c.participation().access() == ParticipantAccess.READ_ONLY))) {
                assertFalse(write, "the role is the stronger word: " + why);
            }
            if (c.kind() == ConversationKind.PRIVATE && !c.viewer().client()) {
                assertEquals(c.viewer().permissions().contains(PRIVATE_ACCESS), read, "private.access decides PRIVATE: " + why);
            }
            if (c.kind() == ConversationKind.INTERNAL && c.participation() == null) {
                assertFalse(read, "INTERNAL only for participants: " + why);
            }
            if (!c.viewer().client() && c.participation() == null && c.kind().clientFacing() && !c.assigned()) {
                assertEquals(c.viewer().permissions().contains(CHATS_ACCESS), read, why);
                assertEquals(read && c.viewer().permissions().contains(CHATS_REPLY), write, why);
            }
            if (!c.viewer().client() && c.participation() == null && c.kind() == ConversationKind.CLIENT && c.assigned()) {
                assertTrue(read && write, "assigned staff see and write their client's conversation: " + why);
            }
            // members always see participants; clients only where the workspace allows it
            assertEquals(read && !c.viewer().client(), AccessPolicy.canSeeParticipants(c), why);
        }
    }

    @Test
    void clientsSeeParticipantsOnlyWhereTheWorkspaceAllowsIt() {
        Participation client = new Participation(ParticipantRole.CLIENT, ParticipantAccess.WRITE);
        assertFalse(AccessPolicy.canSeeParticipants(new Context(ConversationKind.GROUP, Viewer.asClient(), client, false, ON)));
        assertTrue(AccessPolicy.canSeeParticipants(new Context(ConversationKind.GROUP, Viewer.asClient(), client, false,
                new Settings(true, true, true))));
    }

    @Test
    void deletingIsForTheAuthorOrChatsReply() {
        Participation client = new Participation(ParticipantRole.CLIENT, ParticipantAccess.WRITE);
        Context clientCtx = new Context(ConversationKind.CLIENT, Viewer.asClient(), client, false, ON);
        assertTrue(AccessPolicy.canDeleteMessage(clientCtx, true));
        assertFalse(AccessPolicy.canDeleteMessage(clientCtx, false));
        Context replier = member(ConversationKind.CLIENT, Set.of(CHATS_ACCESS, CHATS_REPLY), null, false, ON);
        assertTrue(AccessPolicy.canDeleteMessage(replier, false));
        Context reader = member(ConversationKind.CLIENT, Set.of(CHATS_ACCESS), null, false, ON);
        assertFalse(AccessPolicy.canDeleteMessage(reader, false));
        Context outsider = member(ConversationKind.CLIENT, Set.of(CHATS_REPLY), null, false, ON);
        assertFalse(AccessPolicy.canDeleteMessage(outsider, false), "cannot delete what one cannot read");
    }

    @Test
    void onlyTheAuthorEdits() {
        Context replier = member(ConversationKind.CLIENT, Set.of(CHATS_ACCESS, CHATS_REPLY), null, false, ON);
        assertEquals(WriteDecision.ALLOWED, AccessPolicy.edit(replier, true));
        assertEquals(WriteDecision.READ_ONLY, AccessPolicy.edit(replier, false));
    }

    @Test
    void roomsAreCreatedByMembersWithConversationsManage() {
        for (ConversationKind kind : ConversationKind.values()) {
            assertFalse(AccessPolicy.canCreate(Viewer.asClient(), kind), "clients never create " + kind);
            assertFalse(AccessPolicy.canCreate(Viewer.asMember(EnumSet.complementOf(EnumSet.of(CONVERSATIONS_MANAGE, Permission.ANNOUNCEMENTS_SEND))), kind));
            assertEquals(kind.createdByHand(), AccessPolicy.canCreate(Viewer.asMember(Set.of(CONVERSATIONS_MANAGE)), kind), kind.name());
        }
        assertTrue(AccessPolicy.canCreate(Viewer.asMember(Set.of(Permission.ANNOUNCEMENTS_SEND)), ConversationKind.ANNOUNCEMENT));
        assertFalse(AccessPolicy.canCreate(Viewer.asMember(Set.of(Permission.ANNOUNCEMENTS_SEND)), ConversationKind.GROUP));
    }

    private static List<Context> everyCombination(Settings settings) {
        List<Participation> participations = new ArrayList<>();
        participations.add(null);
        for (ParticipantRole role : ParticipantRole.values()) {
            for (ParticipantAccess access : ParticipantAccess.values()) {
                participations.add(new Participation(role, access));
            }
        }
        List<Set<Permission>> permissionSets = new ArrayList<>();
        Permission[] relevant = {CHATS_ACCESS, CHATS_REPLY, PRIVATE_ACCESS, CONVERSATIONS_MANAGE};
        for (int mask = 0; mask < 1 << relevant.length; mask++) {
            Set<Permission> set = new HashSet<>();
            for (int i = 0; i < relevant.length; i++) {
                if ((mask & 1 << i) != 0) {
                    set.add(relevant[i]);
                }
            }
            permissionSets.add(set);
        }
        List<Context> all = new ArrayList<>();
        for (ConversationKind kind : ConversationKind.values()) {
            for (Participation participation : participations) {
                for (boolean assigned : new boolean[]{false, true}) {
                    for (Set<Permission> permissions : permissionSets) {
                        if (participation == null || participation.role() != ParticipantRole.CLIENT) {
                            all.add(new Context(kind, Viewer.asMember(permissions), participation, assigned, settings));
                        }
                    }
                    if (!assigned && (participation == null || participation.role() == ParticipantRole.CLIENT)) {
                        all.add(new Context(kind, Viewer.asClient(), participation, false, settings));
                    }
                }
            }
        }
        assertTrue(all.size() > 1000, "the combination space: " + all.size() + " " + Arrays.toString(ConversationKind.values()));
        return all;
    }
}
