package dev.parley.identity.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.identity.BuiltInGroup;
import dev.parley.identity.Client;
import dev.parley.identity.Member;
import dev.parley.identity.PermissionGroup;
import dev.parley.identity.Workspace;
import dev.parley.identity.repository.ClientRepository;
import dev.parley.identity.repository.MemberRepository;
import dev.parley.identity.repository.PermissionGroupRepository;
import dev.parley.identity.repository.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who the caller is in a workspace, from this service's own tables (it is the source the projections copy).
 * Someone with no role in the workspace gets 404 for everything in it, so a workspace id reveals nothing;
 * someone with a role but without the permission gets 403.
 */
@ApplicationScoped
public class Access {
    /** The caller in one workspace: exactly one of member and client is set. */
    public record Caller(Workspace workspace, Member member, Client client, Set<Permission> permissions) {
        public boolean isMember() {
            return member != null;
        }

        public boolean has(Permission permission) {
            return permissions.contains(permission);
        }
    }

    private final WorkspaceRepository workspaces;
    private final MemberRepository members;
    private final ClientRepository clients;
    private final PermissionGroupRepository groups;

    public Access(WorkspaceRepository workspaces, MemberRepository members, ClientRepository clients,
                  PermissionGroupRepository groups) {
        this.workspaces = workspaces;
        this.members = members;
        this.clients = clients;
        this.groups = groups;
    }

    public Caller caller(UUID workspaceId, String userId) {
        Workspace workspace = workspaces.findByIdOptional(workspaceId).orElseThrow(() -> ProblemException.notFound("workspace"));
        Optional<Member> member = members.byUser(workspaceId, userId);
        if (member.isPresent()) {
            return new Caller(workspace, member.get(), null, effective(member.get()));
        }
        Client client = clients.byUser(workspaceId, userId).orElseThrow(() -> ProblemException.notFound("workspace"));
        return new Caller(workspace, null, client, Set.of());
    }

    /** A member of the workspace (clients get 403: they know the workspace, but this is the team's business). */
    public Caller member(UUID workspaceId, String userId) {
        Caller caller = caller(workspaceId, userId);
        if (!caller.isMember()) {
            throw ProblemException.forbidden("only the workspace's team may do this");
        }
        return caller;
    }

    public Caller member(UUID workspaceId, String userId, Permission required) {
        Caller caller = member(workspaceId, userId);
        if (!caller.has(required)) {
            throw ProblemException.forbidden("this needs the " + required.key() + " permission");
        }
        return caller;
    }

    /** The union of the member's groups' permissions; the Owner and Admin groups always include private.access. */
    public Set<Permission> effective(Member member) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (PermissionGroup group : groups.byIds(member.workspaceId(), member.groupIds())) {
            permissions.addAll(group.permissions());
            if (group.isBuiltIn()) {
                permissions.addAll(group.builtIn().mandatory());
            }
        }
        return permissions;
    }

    public boolean isOwner(Member member) {
        UUID ownerGroup = groups.builtIn(member.workspaceId(), BuiltInGroup.OWNER).id();
        return member.groupIds().contains(ownerGroup);
    }
}
