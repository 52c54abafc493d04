package dev.parley.conversation.rest;

import dev.parley.conversation.service.Callers;
import dev.parley.conversation.service.MessageService;
import dev.parley.conversation.service.Views;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** /api/v1/workspaces/{ws}/conversations/{id}/messages: post (201, or 200 for a retry), history, edit, delete. */
@Path("/api/v1/workspaces/{workspaceId}/conversations/{conversationId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessageResource {
    private final Callers callers;
    private final MessageService messages;

    public MessageResource(Callers callers, MessageService messages) {
        this.callers = callers;
        this.messages = messages;
    }

    @POST
    public Response post(@PathParam("workspaceId") UUID workspaceId, @PathParam("conversationId") UUID conversationId,
                         Requests.PostMessage body) {
        Requests.PostMessage request = ConversationResource.required(body);
        Views.Posted posted = messages.post(callers.in(workspaceId), conversationId,
                new MessageService.NewMessage(request.body(), request.attachmentIds(), request.clientMessageId()));
        return Response.status(posted.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(posted.message()).build();
    }

    @GET
    public Views.History history(@PathParam("workspaceId") UUID workspaceId,
                                 @PathParam("conversationId") UUID conversationId,
                                 @QueryParam("before") String before, @QueryParam("after") String after,
                                 @QueryParam("limit") String limit) {
        return messages.history(callers.in(workspaceId), conversationId, QueryParams.longValue("before", before),
                QueryParams.longValue("after", after), QueryParams.intValue("limit", limit));
    }

    @PATCH
    @Path("/{messageId}")
    public Views.MessageView edit(@PathParam("workspaceId") UUID workspaceId,
                                  @PathParam("conversationId") UUID conversationId,
                                  @PathParam("messageId") UUID messageId, Requests.EditMessage body) {
        return messages.edit(callers.in(workspaceId), conversationId, messageId,
                ConversationResource.required(body).body());
    }

    @DELETE
    @Path("/{messageId}")
    public Response delete(@PathParam("workspaceId") UUID workspaceId, @PathParam("conversationId") UUID conversationId,
                           @PathParam("messageId") UUID messageId) {
        messages.delete(callers.in(workspaceId), conversationId, messageId);
        return Response.noContent().build();
    }
}
