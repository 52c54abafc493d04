package dev.parley.conversation;

public enum ParticipantAccess {
    WRITE, READ_ONLY
}
