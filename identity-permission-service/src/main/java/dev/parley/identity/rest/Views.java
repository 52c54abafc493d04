package dev.parley.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The response shapes of DESIGN section 9. */
public final class Views {
    private Views() {
    }

    public record WorkspaceView(UUID id, String name, Instant createdAt) {
    }

    public record PermissionGroupView(UUID id, String name, boolean builtIn, List<String> permissions) {
    }

    public record MemberView(UUID id, String userId, String displayName, String email, List<UUID> groupIds,
                             List<String> permissions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientView(UUID id, String userId, String displayName, String email, String mobile,
                             UUID organisationId, List<UUID> assignedMemberIds) {
    }

    public record OrganisationView(UUID id, String name, List<UUID> clientIds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeWorkspace(UUID workspaceId, String name, String role, UUID memberId, UUID clientId,
                              List<String> permissions) {
    }

    public record Me(String userId, List<MeWorkspace> workspaces) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page<T>(List<T> items, String nextCursor) {
    }
}
