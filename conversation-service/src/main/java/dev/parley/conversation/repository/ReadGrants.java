package dev.parley.conversation.repository;

/**
 * What a member may read beyond the conversations they take part in (DESIGN section 3), as SQL over
 * {@code conversation c}: the " or …" terms both the conversation list and search append to their own
 * participation condition. {@code :assigned} binds the member's assigned client ids when {@code assigned} is true.
 */
final class ReadGrants {
    private ReadGrants() {
    }

    static String orTerms(boolean chatsAccess, boolean assigned, boolean privateAccess) {
        StringBuilder sql = new StringBuilder();
        if (chatsAccess) {
            sql.append(" or c.kind in ('CLIENT', 'ORGANISATION', 'GROUP', 'ANNOUNCEMENT')");
        }
        if (assigned) {
            sql.append(" or (c.kind = 'CLIENT' and c.client_id in (:assigned))");
        }
        if (privateAccess) {
            sql.append(" or c.kind = 'PRIVATE'");
        }
        return sql.toString();
    }
}
