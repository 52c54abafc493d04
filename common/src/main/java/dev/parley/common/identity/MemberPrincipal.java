package dev.parley.common.identity;

import java.util.Set;
import java.util.UUID;

/** A member of the workspace's team with the union of their permission groups' permissions. */
public record MemberPrincipal(UUID workspaceId, UUID memberId, String userId, String displayName, String email,
                              Set<Permission> permissions) implements Principal {
    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
