package dev.parley.identity.rest;

import java.util.List;
import java.util.UUID;

/**
 * Request bodies. Unknown and server-owned fields (id, userId, permissions of a member...) are rejected with 400
 * by Jackson's fail-on-unknown-properties; the service layer validates values.
 */
public final class Requests {
    private Requests() {
    }

    public record CreateWorkspace(String name) {
    }

    /** PUT of chat settings: every field optional; absent ones keep their value. */
    public record ChatSettingsUpdate(Boolean messagingEnabled, Boolean contactButtonAfterBooking, Boolean readReceipts,
                                     Boolean typingIndicator, Boolean privateMessagingEnabled,
                                     String defaultClientChannel, String welcomeMessage, Boolean clientsSeeParticipants,
                                     Boolean historyVisibleToNewParticipants, Long attachmentMaxBytes,
                                     Integer emailDigestMinutes) {
    }

    public record PermissionGroupBody(String name, List<String> permissions) {
    }

    /** Invite by email; groupIds default to the built-in Team member group. */
    public record InviteMember(String email, String displayName, List<UUID> groupIds) {
    }

    public record UpdateMember(String displayName, List<UUID> groupIds) {
    }

    public record CreateClient(String email, String displayName, String mobile, UUID organisationId) {
    }

    public record UpdateClient(String displayName, String email, String mobile) {
    }

    public record CreateOrganisation(String name) {
    }
}
