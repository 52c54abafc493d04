package dev.parley.gateway.proxy;

import java.util.Optional;
import java.util.Set;

/** The service that owns a public path (DESIGN sections 1 and 5). */
public enum Upstream {
    IDENTITY, CONVERSATION, NOTIFICATION, ANNOUNCEMENT;

    private static final Set<String> IDENTITY_RESOURCES =
            Set.of("settings", "permission-groups", "members", "clients", "organisations");
    private static final Set<String> CONVERSATION_RESOURCES = Set.of("conversations", "attachments", "search", "unread");
    private static final Set<String> NOTIFICATION_RESOURCES = Set.of("notifications", "notification-preferences", "notification-bridge");
    private static final Set<String> ANNOUNCEMENT_RESOURCES = Set.of("announcements");

    /**
     * Routes a path below {@code /api/v1}: {@code /me} and workspaces themselves to identity, and
     * {@code /workspaces/{ws}/<resource>/...} by its first resource segment. Unknown paths have no upstream.
     */
    public static Optional<Upstream> forPath(String path) {
        String[] segments = path.split("/", -1);
        // "", "api", "v1", ...
        if (segments.length < 4 || !segments[1].equals("api") || !segments[2].equals("v1")) {
            return Optional.empty();
        }
        String first = segments[3];
        if (first.equals("me") && segments.length == 4) {
            return Optional.of(IDENTITY);
        }
        if (first.equals("inbound-email") && segments.length == 4) {
            return Optional.of(NOTIFICATION); // raw MIME posted by the mail provider's service account
        }
        if (!first.equals("workspaces")) {
            return Optional.empty();
        }
        if (segments.length <= 5) {
            return Optional.of(IDENTITY); // /workspaces and /workspaces/{ws}
        }
        String resource = segments[5];
        if (IDENTITY_RESOURCES.contains(resource)) return Optional.of(IDENTITY);
        if (CONVERSATION_RESOURCES.contains(resource)) return Optional.of(CONVERSATION);
        if (NOTIFICATION_RESOURCES.contains(resource)) return Optional.of(NOTIFICATION);
        if (ANNOUNCEMENT_RESOURCES.contains(resource)) return Optional.of(ANNOUNCEMENT);
        return Optional.empty();
    }
}
