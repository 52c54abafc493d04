package dev.parley.conversation.rest;

import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.service.Callers;
import dev.parley.conversation.service.ConversationService;
import dev.parley.conversation.service.Views;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** Conversations, participants, read state: /api/v1/workspaces/{ws}/conversations and /unread. */
@Path("/api/v1/workspaces/{workspaceId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {
    private final Callers callers;
    private final ConversationService conversations;

    public ConversationResource(Callers callers, ConversationService conversations) {
        this.callers = callers;
        this.conversations = conversations;
    }

    @GET
    @Path("/conversations")
    public Views.Page<Views.ConversationView> list(@PathParam("workspaceId") UUID workspaceId,
                                                   @QueryParam("kind") String kind,
                                                   @QueryParam("clientId") String clientId,
                                                   @QueryParam("archived") String archived,
                                                   @QueryParam("cursor") String cursor,
                                                   @QueryParam("limit") String limit) {
        return conversations.list(callers.in(workspaceId), new ConversationService.ListQuery(kind(kind),
                QueryParams.uuid("clientId", clientId), Boolean.TRUE.equals(QueryParams.bool("archived", archived)), cursor,
                QueryParams.intValue("limit", limit)));
    }

    @POST
    @Path("/conversations")
    public Response create(@PathParam("workspaceId") UUID workspaceId, Requests.CreateConversation body) {
        Requests.CreateConversation request = required(body);
        List<ConversationService.NewParticipant> participants = request.participants() == null ? null
                : request.participants().stream().map(p -> p == null ? null
                        : new ConversationService.NewParticipant(p.userId(), p.role(), p.access())).toList();
        Views.ConversationView created = conversations.create(callers.in(workspaceId),
                new ConversationService.NewConversation(request.kind(), request.name(), participants));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("/conversations/{conversationId}")
    public Views.ConversationView get(@PathParam("workspaceId") UUID workspaceId,
                                      @PathParam("conversationId") UUID conversationId) {
        return conversations.get(callers.in(workspaceId), conversationId);
    }

    @GET
    @Path("/conversations/{conversationId}/participants")
    public List<Views.ParticipantView> participants(@PathParam("workspaceId") UUID workspaceId,
                                                    @PathParam("conversationId") UUID conversationId) {
        return conversations.participants(callers.in(workspaceId), conversationId);
    }

    @POST
    @Path("/conversations/{conversationId}/participants")
    public Response addParticipant(@PathParam("workspaceId") UUID workspaceId,
                                   @PathParam("conversationId") UUID conversationId, Requests.AddParticipant body) {
        Requests.AddParticipant request = required(body);
        Views.ParticipantView added = conversations.addParticipant(callers.in(workspaceId), conversationId,
                new ConversationService.NewParticipant(request.userId(), request.role(), request.access()));
        return Response.status(Response.Status.CREATED).entity(added).build();
    }

    @PATCH
    @Path("/conversations/{conversationId}/participants/{userId}")
    public Views.ParticipantView changeParticipant(@PathParam("workspaceId") UUID workspaceId,
                                                   @PathParam("conversationId") UUID conversationId,
                                                   @PathParam("userId") String userId, Requests.ChangeParticipant body) {
        Requests.ChangeParticipant request = required(body);
        return conversations.changeParticipant(callers.in(workspaceId), conversationId, userId, request.role(),
                request.access());
    }

    @DELETE
    @Path("/conversations/{conversationId}/participants/{userId}")
    public Response removeParticipant(@PathParam("workspaceId") UUID workspaceId,
                                      @PathParam("conversationId") UUID conversationId,
                                      @PathParam("userId") String userId) {
        conversations.removeParticipant(callers.in(workspaceId), conversationId, userId);
        return Response.noContent().build();
    }

    @POST
    @Path("/conversations/{conversationId}/read")
    public Response read(@PathParam("workspaceId") UUID workspaceId, @PathParam("conversationId") UUID conversationId,
                         Requests.Read body) {
        conversations.read(callers.in(workspaceId), conversationId, required(body).upToSeq());
        return Response.noContent().build();
    }

    @GET
    @Path("/conversations/{conversationId}/receipts")
    public Views.Receipts receipts(@PathParam("workspaceId") UUID workspaceId,
                                   @PathParam("conversationId") UUID conversationId) {
        return conversations.receipts(callers.in(workspaceId), conversationId);
    }

    @PUT
    @Path("/conversations/{conversationId}/me")
    public Views.ConversationView mine(@PathParam("workspaceId") UUID workspaceId,
                                       @PathParam("conversationId") UUID conversationId, Requests.Mine body) {
        Requests.Mine request = required(body);
        return conversations.updateMine(callers.in(workspaceId), conversationId, request.muted(), request.archived());
    }

    @GET
    @Path("/unread")
    public Views.Unread unread(@PathParam("workspaceId") UUID workspaceId) {
        return conversations.unread(callers.in(workspaceId));
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        return body;
    }

    private static ConversationKind kind(String kind) {
        if (kind == null || kind.isEmpty()) {
            return null;
        }
        try {
            return ConversationKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("kind", "one of CLIENT, ORGANISATION, GROUP, INTERNAL, PRIVATE, ANNOUNCEMENT");
        }
    }
}
