package dev.parley.conversation;

/** The six kinds of DESIGN section 3. */
public enum ConversationKind {
    CLIENT, ORGANISATION, GROUP, INTERNAL, PRIVATE, ANNOUNCEMENT;

    /** Kinds that members with {@code chats.access} read without being participants. */
    public boolean clientFacing() {
        return this == CLIENT || this == ORGANISATION || this == GROUP || this == ANNOUNCEMENT;
    }

    /** Kinds a member creates by hand; the others follow identity events. */
    public boolean createdByHand() {
        return this == GROUP || this == INTERNAL || this == ANNOUNCEMENT;
    }
}
