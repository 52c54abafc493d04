package dev.parley.events.notification;

import dev.parley.events.ParleyEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * A person replied by email to a notification email and the reply passed every check (a valid, unexpired signed
 * reply-to token naming this person, workspace and conversation; a sender address that is theirs; they may still
 * see the conversation when it arrived). {@code body} is the reply with quoted text and signature stripped. Key:
 * conversationId. The conversation service posts it as a message from {@code userId}, idempotently on
 * {@code emailMessageId} (the email's Message-ID): a mail delivered twice is posted once.
 */
public record EmailReplyReceived(
        UUID workspaceId,
        UUID conversationId,
        String userId,
        String body,
        String emailMessageId,
        Instant receivedAt) implements ParleyEvent {
}
