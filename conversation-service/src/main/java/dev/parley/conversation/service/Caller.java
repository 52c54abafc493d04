package dev.parley.conversation.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.conversation.AccessPolicy;
import dev.parley.conversation.ParticipantType;

import java.util.UUID;

/** The person behind a request, resolved in one workspace, with that workspace's settings. */
public record Caller(Principal principal, WorkspaceSettings settings) {

    public UUID workspaceId() {
        return principal.workspaceId();
    }

    public String userId() {
        return principal.userId();
    }

    public boolean client() {
        return principal instanceof ClientPrincipal;
    }

    public boolean has(Permission permission) {
        return principal instanceof MemberPrincipal member && member.has(permission);
    }

    public ParticipantType type() {
        return client() ? ParticipantType.CLIENT : ParticipantType.MEMBER;
    }

    public AccessPolicy.Viewer viewer() {
        return viewer(principal);
    }

    public AccessPolicy.Settings policySettings() {
        return policySettings(settings);
    }

    public static AccessPolicy.Viewer viewer(Principal principal) {
        if (principal instanceof MemberPrincipal member) {
            return AccessPolicy.Viewer.asMember(member.permissions());
        }
        return AccessPolicy.Viewer.asClient();
    }

    public static AccessPolicy.Settings policySettings(WorkspaceSettings settings) {
        return new AccessPolicy.Settings(settings.messagingEnabled(), settings.privateMessagingEnabled(),
                settings.clientsSeeParticipants());
    }
}
