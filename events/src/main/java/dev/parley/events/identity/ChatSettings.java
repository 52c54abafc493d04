package dev.parley.events.identity;

/**
 * The complete chat settings of a workspace (DESIGN section 3), carried whole by WorkspaceCreated and
 * ChatSettingsChanged so a consumer replaces its copy rather than merging partial changes.
 */
public record ChatSettings(
        boolean messagingEnabled,
        boolean contactButtonAfterBooking,
        boolean readReceipts,
        boolean typingIndicator,
        boolean privateMessagingEnabled,
        String defaultClientChannel,
        String welcomeMessage,
        boolean clientsSeeParticipants,
        boolean historyVisibleToNewParticipants,
        long attachmentMaxBytes,
        int emailDigestMinutes) {
}
