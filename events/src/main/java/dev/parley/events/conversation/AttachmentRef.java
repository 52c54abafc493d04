package dev.parley.events.conversation;

import java.util.UUID;

/** An attachment of a message as events describe it; the bytes stay in the conversation service. */
public record AttachmentRef(UUID id, String fileName, String contentType, long size) {
}
