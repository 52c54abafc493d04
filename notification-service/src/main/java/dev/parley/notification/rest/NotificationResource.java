package dev.parley.notification.rest;

import dev.parley.notification.Notification;
import dev.parley.notification.service.Callers;
import dev.parley.notification.service.NotificationService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The caller's in-app notifications in one workspace, newest first; someone who is nobody there gets 404. */
@Path("/api/v1/workspaces/{workspaceId}/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {
    private final NotificationService notifications;
    private final SecurityIdentity identity;
    private final Callers callers;

    public NotificationResource(NotificationService notifications, SecurityIdentity identity, Callers callers) {
        this.notifications = notifications;
        this.callers = callers;
        this.identity = identity;
    }

    public record NotificationView(UUID id, UUID conversationId, UUID messageId, Instant createdAt, Instant readAt,
                                   String preview) {
        static NotificationView of(Notification n) {
            return new NotificationView(n.id(), n.conversationId(), n.messageId(), n.createdAt(), n.readAt(), n.preview());
        }
    }

    public record NotificationPage(List<NotificationView> items, String nextCursor, long unreadCount) {
    }

    @GET
    public NotificationPage list(@PathParam("workspaceId") UUID workspaceId,
                                 @QueryParam("unread") @DefaultValue("false") boolean unreadOnly,
                                 @QueryParam("cursor") String cursor,
                                 @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit) {
        callers.require(workspaceId, caller());
        NotificationService.Page page = notifications.list(workspaceId, caller(), unreadOnly, cursor, limit);
        return new NotificationPage(page.items().stream().map(NotificationView::of).toList(), page.nextCursor(), page.unread());
    }

    @POST
    @Path("/{notificationId}/read")
    public void read(@PathParam("workspaceId") UUID workspaceId, @PathParam("notificationId") UUID notificationId) {
        callers.require(workspaceId, caller());
        notifications.markRead(workspaceId, caller(), notificationId);
    }

    @POST
    @Path("/read-all")
    public void readAll(@PathParam("workspaceId") UUID workspaceId) {
        callers.require(workspaceId, caller());
        notifications.markAllRead(workspaceId, caller());
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }
}
