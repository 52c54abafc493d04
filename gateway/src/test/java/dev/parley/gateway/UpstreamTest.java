package dev.parley.gateway;

import dev.parley.gateway.proxy.Upstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UpstreamTest {
    @ParameterizedTest
    @CsvSource({
            "/api/v1/me, IDENTITY",
            "/api/v1/workspaces, IDENTITY",
            "/api/v1/workspaces/w1, IDENTITY",
            "/api/v1/workspaces/w1/settings/chat, IDENTITY",
            "/api/v1/workspaces/w1/permission-groups/g, IDENTITY",
            "/api/v1/workspaces/w1/clients/c/assignments/m, IDENTITY",
            "/api/v1/workspaces/w1/organisations/o/clients/c, IDENTITY",
            "/api/v1/workspaces/w1/conversations/c/messages, CONVERSATION",
            "/api/v1/workspaces/w1/attachments/a, CONVERSATION",
            "/api/v1/workspaces/w1/search/messages, CONVERSATION",
            "/api/v1/workspaces/w1/unread, CONVERSATION",
            "/api/v1/workspaces/w1/notifications/read-all, NOTIFICATION",
            "/api/v1/workspaces/w1/notification-preferences/clients/c, NOTIFICATION",
            "/api/v1/workspaces/w1/announcements/a/publish, ANNOUNCEMENT",
            "/api/v1/workspaces/w1/notification-bridge, NOTIFICATION",
            "/api/v1/inbound-email, NOTIFICATION",
            "/api/v1/workspaces/w1/nonsense, NONE",
            "/api/v1/realtime, NONE",
            "/api/v1/openapi, NONE",
            "/api/v2/me, NONE",
            "/api/v1/me/extra, NONE",
    })
    void routesByFirstResourceSegment(String path, String expected) {
        assertEquals(expected, Upstream.forPath(path).map(Enum::name).orElse("NONE"));
    }
}
