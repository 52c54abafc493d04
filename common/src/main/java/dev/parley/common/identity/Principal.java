package dev.parley.common.identity;

import java.util.UUID;

/**
 * Who the caller is in one workspace, resolved from (token subject, workspace id). Nobody at all is an empty
 * Optional from {@link IdentityDirectory#principal}, which every service answers with 404.
 */
public sealed interface Principal permits MemberPrincipal, ClientPrincipal {
    UUID workspaceId();

    /** The Keycloak user id (the token's subject). */
    String userId();

    String displayName();
}
