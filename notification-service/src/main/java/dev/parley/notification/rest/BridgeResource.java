package dev.parley.notification.rest;

import dev.parley.common.problem.ProblemException;
import dev.parley.notification.bridge.BridgeService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** The workspace's SMS/push provider bridge (settings.manage). The secret is write-only. */
@Path("/api/v1/workspaces/{workspaceId}/notification-bridge")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BridgeResource {
    private final BridgeService bridges;
    private final SecurityIdentity identity;

    public BridgeResource(BridgeService bridges, SecurityIdentity identity) {
        this.bridges = bridges;
        this.identity = identity;
    }

    public record BridgeRequest(@NotBlank @Size(max = 2000) String url, @NotNull @Size(min = 16, max = 200) String secret) {
    }

    @GET
    public BridgeService.BridgeSettings get(@PathParam("workspaceId") UUID workspaceId) {
        return bridges.settings(workspaceId, caller()).orElseThrow(() -> ProblemException.notFound("notification bridge"));
    }

    @PUT
    public BridgeService.BridgeSettings put(@PathParam("workspaceId") UUID workspaceId, @NotNull @Valid BridgeRequest body) {
        return bridges.configure(workspaceId, caller(), body.url(), body.secret());
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }
}
