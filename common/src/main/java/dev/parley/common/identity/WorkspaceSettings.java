package dev.parley.common.identity;

import java.util.UUID;

/** A workspace's name and chat settings (DESIGN section 3) as the identity service last published them. */
public record WorkspaceSettings(UUID workspaceId, String name, boolean messagingEnabled, boolean contactButtonAfterBooking,
                                boolean readReceipts, boolean typingIndicator, boolean privateMessagingEnabled,
                                String defaultClientChannel, String welcomeMessage, boolean clientsSeeParticipants,
                                boolean historyVisibleToNewParticipants, long attachmentMaxBytes, int emailDigestMinutes) {
}
