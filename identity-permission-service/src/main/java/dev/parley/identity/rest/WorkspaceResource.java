package dev.parley.identity.rest;

import dev.parley.events.identity.ChatSettings;
import dev.parley.identity.service.WorkspaceService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkspaceResource {
    private final WorkspaceService workspaces;
    private final CallerToken caller;

    public WorkspaceResource(WorkspaceService workspaces, CallerToken caller) {
        this.workspaces = workspaces;
        this.caller = caller;
    }

    @GET
    @Path("/me")
    public Views.Me me() {
        return workspaces.me(caller.userId());
    }

    @POST
    @Path("/workspaces")
    public Response create(Requests.CreateWorkspace body, @Context UriInfo uri) {
        Views.WorkspaceView created = workspaces.create(caller.userId(), caller.displayName(), caller.email(), body);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/workspaces/{ws}")
    public Views.WorkspaceView get(@PathParam("ws") UUID workspaceId) {
        return workspaces.get(workspaceId, caller.userId());
    }

    @GET
    @Path("/workspaces/{ws}/settings/chat")
    public ChatSettings settings(@PathParam("ws") UUID workspaceId) {
        return workspaces.settings(workspaceId, caller.userId());
    }

    @PUT
    @Path("/workspaces/{ws}/settings/chat")
    public ChatSettings updateSettings(@PathParam("ws") UUID workspaceId, Requests.ChatSettingsUpdate body) {
        return workspaces.updateSettings(workspaceId, caller.userId(), body);
    }
}
