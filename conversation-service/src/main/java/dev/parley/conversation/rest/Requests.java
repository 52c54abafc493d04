package dev.parley.conversation.rest;

import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.ParticipantAccess;
import dev.parley.conversation.ParticipantRole;

import java.util.List;
import java.util.UUID;

/** Request bodies. Unknown or server-owned fields are rejected (400) by the shared JSON configuration. */
public final class Requests {
    private Requests() {
    }

    public record PostMessage(String body, List<UUID> attachmentIds, String clientMessageId) {
    }

    public record EditMessage(String body) {
    }

    public record CreateConversation(ConversationKind kind, String name, List<AddParticipant> participants) {
    }

    public record AddParticipant(String userId, ParticipantRole role, ParticipantAccess access) {
    }

    public record ChangeParticipant(ParticipantRole role, ParticipantAccess access) {
    }

    public record Read(Long upToSeq) {
    }

    public record Mine(Boolean muted, Boolean archived) {
    }
}
