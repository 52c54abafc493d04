package dev.parley.conversation.rest;

import dev.parley.conversation.service.Callers;
import dev.parley.conversation.service.SearchService;
import dev.parley.conversation.service.Views;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** /api/v1/workspaces/{ws}/search/messages?q=&conversationId=&cursor=&limit=: best match first. */
@Path("/api/v1/workspaces/{workspaceId}/search/messages")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
    private final Callers callers;
    private final SearchService search;

    public SearchResource(Callers callers, SearchService search) {
        this.callers = callers;
        this.search = search;
    }

    @GET
    public Views.Page<SearchService.Hit> search(@PathParam("workspaceId") UUID workspaceId, @QueryParam("q") String q,
                                                @QueryParam("conversationId") String conversationId,
                                                @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return search.search(callers.in(workspaceId), q, QueryParams.uuid("conversationId", conversationId), cursor,
                QueryParams.intValue("limit", limit));
    }
}
