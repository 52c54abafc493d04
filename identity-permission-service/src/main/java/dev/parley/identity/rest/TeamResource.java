package dev.parley.identity.rest;

import dev.parley.identity.service.TeamService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {
    private final TeamService team;
    private final CallerToken caller;

    public TeamResource(TeamService team, CallerToken caller) {
        this.team = team;
        this.caller = caller;
    }

    @GET
    @Path("/workspaces/{ws}/permission-groups")
    public List<Views.PermissionGroupView> groups(@PathParam("ws") UUID workspaceId) {
        return team.groups(workspaceId, caller.userId());
    }

    @GET
    @Path("/workspaces/{ws}/permission-groups/{groupId}")
    public Views.PermissionGroupView group(@PathParam("ws") UUID workspaceId, @PathParam("groupId") UUID groupId) {
        return team.group(workspaceId, caller.userId(), groupId);
    }

    @POST
    @Path("/workspaces/{ws}/permission-groups")
    public Response createGroup(@PathParam("ws") UUID workspaceId, Requests.PermissionGroupBody body, @Context UriInfo uri) {
        Views.PermissionGroupView created = team.createGroup(workspaceId, caller.userId(), body);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @PUT
    @Path("/workspaces/{ws}/permission-groups/{groupId}")
    public Views.PermissionGroupView updateGroup(@PathParam("ws") UUID workspaceId, @PathParam("groupId") UUID groupId,
                                                 Requests.PermissionGroupBody body) {
        return team.updateGroup(workspaceId, caller.userId(), groupId, body);
    }

    @DELETE
    @Path("/workspaces/{ws}/permission-groups/{groupId}")
    public void deleteGroup(@PathParam("ws") UUID workspaceId, @PathParam("groupId") UUID groupId) {
        team.deleteGroup(workspaceId, caller.userId(), groupId);
    }

    @GET
    @Path("/workspaces/{ws}/members")
    public Views.Page<Views.MemberView> members(@PathParam("ws") UUID workspaceId, @QueryParam("cursor") String cursor,
                                                @QueryParam("limit") Integer limit) {
        return team.members(workspaceId, caller.userId(), cursor, limit);
    }

    @POST
    @Path("/workspaces/{ws}/members")
    public Response invite(@PathParam("ws") UUID workspaceId, Requests.InviteMember body, @Context UriInfo uri) {
        Views.MemberView created = team.invite(workspaceId, caller.userId(), body);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/workspaces/{ws}/members/{memberId}")
    public Views.MemberView member(@PathParam("ws") UUID workspaceId, @PathParam("memberId") UUID memberId) {
        return team.member(workspaceId, caller.userId(), memberId);
    }

    @PUT
    @Path("/workspaces/{ws}/members/{memberId}")
    public Views.MemberView updateMember(@PathParam("ws") UUID workspaceId, @PathParam("memberId") UUID memberId,
                                         Requests.UpdateMember body) {
        return team.updateMember(workspaceId, caller.userId(), memberId, body);
    }

    @DELETE
    @Path("/workspaces/{ws}/members/{memberId}")
    public void removeMember(@PathParam("ws") UUID workspaceId, @PathParam("memberId") UUID memberId) {
        team.removeMember(workspaceId, caller.userId(), memberId);
    }
}
