package dev.parley.identity.rest;

import dev.parley.identity.service.ClientService;
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

import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClientResource {
    private final ClientService clients;
    private final CallerToken caller;

    public ClientResource(ClientService clients, CallerToken caller) {
        this.clients = clients;
        this.caller = caller;
    }

    @GET
    @Path("/workspaces/{ws}/clients")
    public Views.Page<Views.ClientView> clients(@PathParam("ws") UUID workspaceId, @QueryParam("cursor") String cursor,
                                                @QueryParam("limit") Integer limit) {
        return clients.clients(workspaceId, caller.userId(), cursor, limit);
    }

    @POST
    @Path("/workspaces/{ws}/clients")
    public Response create(@PathParam("ws") UUID workspaceId, Requests.CreateClient body, @Context UriInfo uri) {
        Views.ClientView created = clients.create(workspaceId, caller.userId(), body);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/workspaces/{ws}/clients/{clientId}")
    public Views.ClientView client(@PathParam("ws") UUID workspaceId, @PathParam("clientId") UUID clientId) {
        return clients.client(workspaceId, caller.userId(), clientId);
    }

    @PUT
    @Path("/workspaces/{ws}/clients/{clientId}")
    public Views.ClientView update(@PathParam("ws") UUID workspaceId, @PathParam("clientId") UUID clientId,
                                   Requests.UpdateClient body) {
        return clients.update(workspaceId, caller.userId(), clientId, body);
    }

    @DELETE
    @Path("/workspaces/{ws}/clients/{clientId}")
    public void delete(@PathParam("ws") UUID workspaceId, @PathParam("clientId") UUID clientId) {
        clients.delete(workspaceId, caller.userId(), clientId);
    }

    @PUT
    @Path("/workspaces/{ws}/clients/{clientId}/assignments/{memberId}")
    public void assign(@PathParam("ws") UUID workspaceId, @PathParam("clientId") UUID clientId,
                       @PathParam("memberId") UUID memberId) {
        clients.assign(workspaceId, caller.userId(), clientId, memberId);
    }

    @DELETE
    @Path("/workspaces/{ws}/clients/{clientId}/assignments/{memberId}")
    public void unassign(@PathParam("ws") UUID workspaceId, @PathParam("clientId") UUID clientId,
                         @PathParam("memberId") UUID memberId) {
        clients.unassign(workspaceId, caller.userId(), clientId, memberId);
    }

    @GET
    @Path("/workspaces/{ws}/organisations")
    public Views.Page<Views.OrganisationView> organisations(@PathParam("ws") UUID workspaceId,
                                                            @QueryParam("cursor") String cursor,
                                                            @QueryParam("limit") Integer limit) {
        return clients.organisations(workspaceId, caller.userId(), cursor, limit);
    }

    @POST
    @Path("/workspaces/{ws}/organisations")
    public Response createOrganisation(@PathParam("ws") UUID workspaceId, Requests.CreateOrganisation body,
                                       @Context UriInfo uri) {
        Views.OrganisationView created = clients.createOrganisation(workspaceId, caller.userId(), body);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/workspaces/{ws}/organisations/{orgId}")
    public Views.OrganisationView organisation(@PathParam("ws") UUID workspaceId, @PathParam("orgId") UUID organisationId) {
        return clients.organisation(workspaceId, caller.userId(), organisationId);
    }

    @DELETE
    @Path("/workspaces/{ws}/organisations/{orgId}")
    public void deleteOrganisation(@PathParam("ws") UUID workspaceId, @PathParam("orgId") UUID organisationId) {
        clients.deleteOrganisation(workspaceId, caller.userId(), organisationId);
    }

    @POST
    @Path("/workspaces/{ws}/organisations/{orgId}/clients/{clientId}")
    public Views.OrganisationView addClient(@PathParam("ws") UUID workspaceId, @PathParam("orgId") UUID organisationId,
                                            @PathParam("clientId") UUID clientId) {
        return clients.addToOrganisation(workspaceId, caller.userId(), organisationId, clientId);
    }

    @DELETE
    @Path("/workspaces/{ws}/organisations/{orgId}/clients/{clientId}")
    public void removeClient(@PathParam("ws") UUID workspaceId, @PathParam("orgId") UUID organisationId,
                             @PathParam("clientId") UUID clientId) {
        clients.removeFromOrganisation(workspaceId, caller.userId(), organisationId, clientId);
    }
}
