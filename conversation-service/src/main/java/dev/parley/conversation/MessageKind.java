package dev.parley.conversation;

public enum MessageKind {
    TEXT, SYSTEM, ANNOUNCEMENT
}
