package dev.parley.conversation.service;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/**
 * Resolves (token subject, workspace) to a {@link Caller} from the local identity projection on every request, so
 * a permission change applies to the next request. Nobody in the workspace gets 404, never 403: the workspace's
 * existence is not revealed.
 */
@RequestScoped
public class Callers {
    private final SecurityIdentity identity;
    private final IdentityDirectory directory;

    public Callers(SecurityIdentity identity, IdentityDirectory directory) {
        this.identity = identity;
        this.directory = directory;
    }

    public Caller in(UUID workspaceId) {
        String subject = identity.getPrincipal().getName();
        // an unreachable database or exhausted pool is common's ProblemMappers' retryable 503 (DatabaseOutage)
        return directory.principal(workspaceId, subject)
                .flatMap(principal -> directory.workspace(workspaceId).map(settings -> new Caller(principal, settings)))
                .orElseThrow(() -> ProblemException.notFound("workspace"));
    }
}
