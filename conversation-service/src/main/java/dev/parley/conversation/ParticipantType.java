package dev.parley.conversation;

public enum ParticipantType {
    MEMBER, CLIENT
}
