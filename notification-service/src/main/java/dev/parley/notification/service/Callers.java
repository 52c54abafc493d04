package dev.parley.notification.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Who the caller is in a workspace (from the identity projection); nobody there is 404, as everywhere in Parley. */
@ApplicationScoped
public class Callers {
    private final IdentityDirectory directory;

    public Callers(IdentityDirectory directory) {
        this.directory = directory;
    }

    public Principal require(UUID workspaceId, String userId) {
        return directory.principal(workspaceId, userId).orElseThrow(() -> ProblemException.notFound("workspace"));
    }

    /**
     * The client whose settings a member manages: the caller must be someone in the workspace (else 404), a member
     * holding clients.manage (else 403), and the client must belong to this workspace (else 404).
     */
    public ClientPrincipal managedClient(UUID workspaceId, String userId, UUID clientId) {
        Principal caller = require(workspaceId, userId);
        if (!(caller instanceof MemberPrincipal member) || !member.has(Permission.CLIENTS_MANAGE)) {
            throw ProblemException.forbidden("managing a client's notification preferences needs clients.manage");
        }
        return directory.client(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
    }
}
