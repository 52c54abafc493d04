package dev.parley.identity;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.events.identity.ChatSettings;
import dev.parley.identity.rest.Requests;
import dev.parley.identity.service.WorkspaceService;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ChatSettingsRulesTest {
    private static Requests.ChatSettingsUpdate only(Boolean messaging, String channel, Long maxBytes, Integer digest) {
        return new Requests.ChatSettingsUpdate(messaging, null, null, null, null, channel, null, null, null, maxBytes, digest);
    }

    @Test
    void defaultsAreTheDesignOnes() {
        ChatSettings d = ChatSettingsValues.defaults();
        assertTrue(d.messagingEnabled());
        assertTrue(d.contactButtonAfterBooking());
        assertTrue(d.readReceipts());
        assertTrue(d.typingIndicator());
        assertFalse(d.privateMessagingEnabled());
        assertEquals("INDIVIDUAL", d.defaultClientChannel());
        assertFalse(d.welcomeMessage().isBlank());
        assertFalse(d.clientsSeeParticipants());
        assertTrue(d.historyVisibleToNewParticipants());
        assertEquals(25L * 1024 * 1024, d.attachmentMaxBytes());
        assertEquals(30, d.emailDigestMinutes());
    }

    @Test
    void absentFieldsKeepTheirValueAndChangesAreNamed() {
        ChatSettings before = ChatSettingsValues.defaults();
        ChatSettings after = WorkspaceService.merge(before, only(false, "ORGANISATION", null, null));
        assertFalse(after.messagingEnabled());
        assertEquals("ORGANISATION", after.defaultClientChannel());
        assertEquals(before.welcomeMessage(), after.welcomeMessage());
        assertEquals(List.of("messagingEnabled", "defaultClientChannel"), WorkspaceService.changed(before, after));
        assertEquals(List.of(), WorkspaceService.changed(before, WorkspaceService.merge(before, only(true, null, null, null))));
    }

    @Test
    void outOfRangeValuesAreRejected() {
        ChatSettings d = ChatSettingsValues.defaults();
        assertThrows(ProblemException.class, () -> WorkspaceService.merge(d, only(null, "GROUP", null, null)));
        assertThrows(ProblemException.class, () -> WorkspaceService.merge(d, only(null, null, 0L, null)));
        assertThrows(ProblemException.class, () -> WorkspaceService.merge(d, only(null, null, 101L * 1024 * 1024, null)));
        assertThrows(ProblemException.class, () -> WorkspaceService.merge(d, only(null, null, null, 0)));
    }

    @Test
    void ownerAndAdminAlwaysHoldPrivateAccess() {
        assertEquals(EnumSet.allOf(Permission.class), BuiltInGroup.OWNER.permissions());
        assertTrue(BuiltInGroup.ADMIN.mandatory().contains(Permission.PRIVATE_ACCESS));
        assertTrue(BuiltInGroup.OWNER.mandatory().contains(Permission.PRIVATE_ACCESS));
        assertFalse(BuiltInGroup.OFFICE_MANAGER.permissions().contains(Permission.PRIVATE_ACCESS));
        assertEquals(EnumSet.of(Permission.CHATS_ACCESS, Permission.CHATS_REPLY), BuiltInGroup.TEAM_MEMBER.permissions());
    }
}
