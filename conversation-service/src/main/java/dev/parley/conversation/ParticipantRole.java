package dev.parley.conversation;

/** OWNER (the creator), AGENT (WRITE or READ_ONLY), WATCHER (always read only) for members; CLIENT for clients. */
public enum ParticipantRole {
    OWNER, AGENT, WATCHER, CLIENT
}
