package dev.parley.announcement.rest;

import dev.parley.announcement.Announcement;
import dev.parley.announcement.Announcement.AudienceKind;
import dev.parley.announcement.Announcement.Delivery;
import dev.parley.announcement.service.AnnouncementService;
import dev.parley.announcement.service.AnnouncementService.Detail;
import dev.parley.announcement.service.AnnouncementService.Draft;
import dev.parley.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Announcements of one workspace: only members holding announcements.send; clients and strangers get 404. */
@Path("/api/v1/workspaces/{workspaceId}/announcements")
@Produces(MediaType.APPLICATION_JSON)
public class AnnouncementResource {
    private final AnnouncementService announcements;
    private final SecurityIdentity identity;

    public AnnouncementResource(AnnouncementService announcements, SecurityIdentity identity) {
        this.announcements = announcements;
        this.identity = identity;
    }

    public record AudienceBody(String kind, List<UUID> ids) {
    }

    /** Create and edit: the whole draft (PUT replaces it). */
    public record AnnouncementRequest(String body, List<UUID> attachmentIds, Boolean highlighted, AudienceBody audience,
                                      String delivery, UUID roomId) {
    }

    public record PublishRequest(Instant scheduledAt) {
    }

    public record StatsView(long recipients, long delivered, long read) {
    }

    public record AnnouncementView(UUID id, String body, List<UUID> attachmentIds, boolean highlighted,
                                   AudienceBody audience, String delivery, UUID roomId, Instant scheduledAt,
                                   String status, StatsView stats) {
        static AnnouncementView of(Detail d) {
            Announcement a = d.announcement();
            return new AnnouncementView(a.id(), a.body(), a.attachmentIds(), a.highlighted(),
                    new AudienceBody(a.audienceKind().name(),
                            a.audienceKind() == AudienceKind.ALL_CLIENTS ? null : d.audienceIds()),
                    a.delivery().name(), a.roomId(), a.scheduledAt(), a.status().name(),
                    new StatsView(d.stats().recipients(), d.stats().delivered(), d.stats().read()));
        }
    }

    public record AnnouncementPage(List<AnnouncementView> items, String nextCursor) {
    }

    @GET
    public AnnouncementPage list(@PathParam("workspaceId") UUID workspaceId, @QueryParam("cursor") String cursor,
                                 @QueryParam("limit") @DefaultValue("50") String limit) {
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("limit", "must be a number from 1 to 100");
        }
        if (size < 1 || size > 100) {
            throw ProblemException.invalid("limit", "must be a number from 1 to 100");
        }
        AnnouncementService.Page page = announcements.list(workspaceId, caller(), cursor, size);
        return new AnnouncementPage(page.items().stream().map(AnnouncementView::of).toList(), page.nextCursor());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("workspaceId") UUID workspaceId, AnnouncementRequest request) {
        announcements.requireSender(workspaceId, caller());
        Detail created = announcements.create(workspaceId, caller(), draft(request));
        return Response.status(Response.Status.CREATED).entity(AnnouncementView.of(created)).build();
    }

    @GET
    @Path("/{announcementId}")
    public AnnouncementView get(@PathParam("workspaceId") UUID workspaceId, @PathParam("announcementId") UUID id) {
        return AnnouncementView.of(announcements.get(workspaceId, caller(), id));
    }

    @PUT
    @Path("/{announcementId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AnnouncementView edit(@PathParam("workspaceId") UUID workspaceId, @PathParam("announcementId") UUID id,
                                 AnnouncementRequest request) {
        announcements.requireSender(workspaceId, caller());
        return AnnouncementView.of(announcements.edit(workspaceId, caller(), id, draft(request)));
    }

    @POST
    @Path("/{announcementId}/publish")
    public AnnouncementView publish(@PathParam("workspaceId") UUID workspaceId, @PathParam("announcementId") UUID id,
                                    PublishRequest request) {
        Instant scheduledAt = request == null ? null : request.scheduledAt();
        return AnnouncementView.of(announcements.publish(workspaceId, caller(), id, scheduledAt));
    }

    @POST
    @Path("/{announcementId}/cancel")
    public AnnouncementView cancel(@PathParam("workspaceId") UUID workspaceId, @PathParam("announcementId") UUID id) {
        return AnnouncementView.of(announcements.cancel(workspaceId, caller(), id));
    }

    /** Checks the request field by field (400 validation-failed naming the field); nothing is stored before this. */
    static Draft draft(AnnouncementRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON announcement is required");
        }
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("body", "must not be blank");
        }
        if (body.length() > AnnouncementService.MAX_BODY) {
            throw ProblemException.invalid("body", "at most " + AnnouncementService.MAX_BODY + " characters");
        }
        List<UUID> attachments = request.attachmentIds() == null ? List.of() : request.attachmentIds();
        if (attachments.size() > AnnouncementService.MAX_ATTACHMENTS || attachments.stream().anyMatch(java.util.Objects::isNull)
                || new HashSet<>(attachments).size() != attachments.size()) {
            throw ProblemException.invalid("attachmentIds", "at most " + AnnouncementService.MAX_ATTACHMENTS
                    + " distinct attachment ids");
        }
        if (request.audience() == null) {
            throw ProblemException.invalid("audience", "is required");
        }
        AudienceKind kind = parse(AudienceKind.class, "audience.kind", request.audience().kind());
        List<UUID> ids = request.audience().ids() == null ? List.of() : request.audience().ids();
        if (kind == AudienceKind.ALL_CLIENTS && !ids.isEmpty()) {
            throw ProblemException.invalid("audience.ids", "must be absent for ALL_CLIENTS");
        }
        if (kind != AudienceKind.ALL_CLIENTS && (ids.isEmpty() || ids.stream().anyMatch(java.util.Objects::isNull)
                || ids.size() > AnnouncementService.MAX_AUDIENCE_IDS)) {
            throw ProblemException.invalid("audience.ids", "1 to " + AnnouncementService.MAX_AUDIENCE_IDS
                    + " ids are required for " + kind);
        }
        Delivery delivery = parse(Delivery.class, "delivery", request.delivery());
        if (delivery == Delivery.ROOM && request.roomId() == null) {
            throw ProblemException.invalid("roomId", "is required for ROOM delivery");
        }
        if (delivery == Delivery.DIRECT && request.roomId() != null) {
            throw ProblemException.invalid("roomId", "only for ROOM delivery");
        }
        return new Draft(body, List.copyOf(attachments), Boolean.TRUE.equals(request.highlighted()), kind,
                List.copyOf(new java.util.LinkedHashSet<>(ids)), delivery, request.roomId());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null) {
            throw ProblemException.invalid(field, "is required");
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).equals(value) ? value : "?");
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }
}
