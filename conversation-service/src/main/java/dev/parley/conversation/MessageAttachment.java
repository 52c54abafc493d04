package dev.parley.conversation;

import dev.parley.events.conversation.AttachmentRef;

import java.util.UUID;

/**
 * An attachment as a message shows it (DESIGN section 9's Attachment). Kept on the message row as JSON when the
 * message is posted (attachments never change afterwards), so reading messages needs no join.
 */
public record MessageAttachment(UUID id, String fileName, String contentType, long size, String url) {

    public AttachmentRef ref() {
        return new AttachmentRef(id, fileName, contentType, size);
    }
}
