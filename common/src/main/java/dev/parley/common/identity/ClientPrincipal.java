package dev.parley.common.identity;

import java.util.UUID;

/** A client of the workspace, with their organisation if they belong to one. */
public record ClientPrincipal(UUID workspaceId, UUID clientId, String userId, String displayName, String email,
                              String mobile, UUID organisationId) implements Principal {
}
