package dev.parley.gateway.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/** Server → client frames of DESIGN section 6: {@code {type, workspaceId, conversationId?, data}}. */
final class Frames {
    static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    static String frame(String type, UUID workspaceId, UUID conversationId, JsonNode data) {
        ObjectNode frame = JSON.createObjectNode().put("type", type).put("workspaceId", workspaceId.toString());
        if (conversationId != null) {
            frame.put("conversationId", conversationId.toString());
        }
        frame.set("data", data);
        return frame.toString();
    }

    /** The event data as people may see it: {@code visibleTo} names everyone with access and stays server-side. */
    static JsonNode publicData(JsonNode eventData) {
        ObjectNode copy = eventData.deepCopy();
        copy.remove("visibleTo");
        copy.remove("workspaceId");
        return copy;
    }
}
