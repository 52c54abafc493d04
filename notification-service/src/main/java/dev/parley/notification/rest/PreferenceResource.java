package dev.parley.notification.rest;

import dev.parley.notification.service.PreferenceService;
import dev.parley.notification.service.PreferenceService.Preferences;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** The caller's notification preferences in a workspace, and a client's for a member with clients.manage. */
@Path("/api/v1/workspaces/{workspaceId}/notification-preferences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PreferenceResource {
    static final int MAX_MUTED = 1000;

    private final PreferenceService preferences;
    private final SecurityIdentity identity;

    public PreferenceResource(PreferenceService preferences, SecurityIdentity identity) {
        this.preferences = preferences;
        this.identity = identity;
    }

    /** PUT replaces all five fields: each is required, so a client never switches something off by omission. */
    public record PreferencesBody(@NotNull Boolean email, @NotNull Boolean sms, @NotNull Boolean push,
                                  @NotNull Boolean muteAllEmail,
                                  @NotNull @Size(max = MAX_MUTED) List<@NotNull UUID> mutedConversationIds) {
        static PreferencesBody of(Preferences p) {
            return new PreferencesBody(p.email(), p.sms(), p.push(), p.muteAllEmail(), p.mutedConversationIds());
        }

        Preferences toPreferences() {
            return new Preferences(email, sms, push, muteAllEmail, mutedConversationIds);
        }
    }

    @GET
    public PreferencesBody mine(@PathParam("workspaceId") UUID workspaceId) {
        return PreferencesBody.of(preferences.mine(workspaceId, caller()));
    }

    @PUT
    public PreferencesBody changeMine(@PathParam("workspaceId") UUID workspaceId, @NotNull @Valid PreferencesBody body) {
        return PreferencesBody.of(preferences.changeMine(workspaceId, caller(), body.toPreferences()));
    }

    @GET
    @Path("/clients/{clientId}")
    public PreferencesBody client(@PathParam("workspaceId") UUID workspaceId, @PathParam("clientId") UUID clientId) {
        return PreferencesBody.of(preferences.client(workspaceId, caller(), clientId));
    }

    @PUT
    @Path("/clients/{clientId}")
    public PreferencesBody changeClient(@PathParam("workspaceId") UUID workspaceId, @PathParam("clientId") UUID clientId,
                                        @NotNull @Valid PreferencesBody body) {
        return PreferencesBody.of(preferences.changeClient(workspaceId, caller(), clientId, body.toPreferences()));
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }
}
