package dev.parley.events.conversation;

/** Who sent a message: a Keycloak user id, MEMBER, CLIENT or SYSTEM, and the name shown at the time. */
public record MessageSender(String userId, String type, String displayName) {
}
