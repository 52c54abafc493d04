package dev.parley.identity.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.events.identity.MemberRemoved;
import dev.parley.identity.BuiltInGroup;
import dev.parley.identity.Client;
import dev.parley.identity.Ids;
import dev.parley.identity.Member;
import dev.parley.identity.PermissionGroup;
import dev.parley.identity.client.People;
import dev.parley.identity.repository.ClientRepository;
import dev.parley.identity.repository.MemberRepository;
import dev.parley.identity.repository.PermissionGroupRepository;
import dev.parley.identity.repository.WorkspaceRepository;
import dev.parley.identity.rest.Requests;
import dev.parley.identity.rest.Views;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Permission groups and the team. Every change to a member's effective permissions is published at once. */
@ApplicationScoped
public class TeamService {
    private final PermissionGroupRepository groups;
    private final MemberRepository members;
    private final ClientRepository clients;
    private final Access access;
    private final IdentityEvents events;
    private final People people;
    private final WorkspaceRepository workspaces;

    public TeamService(PermissionGroupRepository groups, MemberRepository members, ClientRepository clients,
                       Access access, IdentityEvents events, People people, WorkspaceRepository workspaces) {
        this.workspaces = workspaces;
        this.groups = groups;
        this.members = members;
        this.clients = clients;
        this.access = access;
        this.events = events;
        this.people = people;
    }

    // ---- permission groups ----

    public List<Views.PermissionGroupView> groups(UUID workspaceId, String userId) {
        access.member(workspaceId, userId);
        return groups.ofWorkspace(workspaceId).stream().map(TeamService::view).toList();
    }

    public Views.PermissionGroupView group(UUID workspaceId, String userId, UUID groupId) {
        access.member(workspaceId, userId);
        return view(groups.inWorkspace(workspaceId, groupId).orElseThrow(() -> ProblemException.notFound("permission group")));
    }

    @Transactional
    public Views.PermissionGroupView createGroup(UUID workspaceId, String userId, Requests.PermissionGroupBody body) {
        access.member(workspaceId, userId, Permission.TEAM_MANAGE);
        if (body == null) {
            throw ProblemException.invalid("name", "is required");
        }
        String name = Validation.name("name", body.name());
        Set<Permission> permissions = Validation.permissions("permissions", body.permissions());
        if (groups.nameTaken(workspaceId, name, null)) {
            throw ProblemException.conflict("a permission group named '" + name + "' exists");
        }
        PermissionGroup group = new PermissionGroup(Ids.next(), workspaceId, name, null, permissions);
        groups.persist(group);
        return view(group);
    }

    @Transactional
    public Views.PermissionGroupView updateGroup(UUID workspaceId, String userId, UUID groupId, Requests.PermissionGroupBody body) {
        access.member(workspaceId, userId, Permission.TEAM_MANAGE);
        PermissionGroup group = groups.inWorkspace(workspaceId, groupId).orElseThrow(() -> ProblemException.notFound("permission group"));
        if (body == null) {
            throw ProblemException.invalid("permissions", "is required");
        }
        Set<Permission> permissions = Validation.permissions("permissions", body.permissions());
        String name = body.name() == null ? group.name() : Validation.name("name", body.name());
        if (group.isBuiltIn()) {
            if (group.builtIn() == BuiltInGroup.OWNER && !permissions.equals(EnumSet.allOf(Permission.class))) {
                throw ProblemException.invalid("permissions", "the Owner group always holds every permission");
            }
            if (!permissions.containsAll(group.builtIn().mandatory())) {
                throw ProblemException.invalid("permissions", "the " + group.name() + " group always holds private.access");
            }
            if (!name.equals(group.name())) {
                throw ProblemException.invalid("name", "built-in groups keep their name");
            }
        } else if (groups.nameTaken(workspaceId, name, groupId)) {
            throw ProblemException.conflict("a permission group named '" + name + "' exists");
        }
        List<Member> affected = members.inGroup(workspaceId, groupId);
        Map<UUID, Set<Permission>> before = effectiveOf(affected);
        group.rename(name);
        group.permissions(permissions);
        groups.flush();
        publishChanges(affected, before);
        return view(group);
    }

    @Transactional
    public void deleteGroup(UUID workspaceId, String userId, UUID groupId) {
        access.member(workspaceId, userId, Permission.TEAM_MANAGE);
        PermissionGroup group = groups.inWorkspace(workspaceId, groupId).orElseThrow(() -> ProblemException.notFound("permission group"));
        if (group.isBuiltIn()) {
            throw ProblemException.conflict("built-in permission groups cannot be deleted");
        }
        List<Member> affected = members.inGroup(workspaceId, groupId);
        Map<UUID, Set<Permission>> before = effectiveOf(affected);
        affected.forEach(m -> m.leaveGroup(groupId));
        groups.delete(group);
        groups.flush();
        publishChanges(affected, before);
    }

    // ---- members ----

    public Views.Page<Views.MemberView> members(UUID workspaceId, String userId, String cursor, Integer limit) {
        access.member(workspaceId, userId);
        int size = Validation.limit(limit);
        List<Member> page = members.page(workspaceId, Validation.after(cursor), size + 1);
        List<Views.MemberView> items = page.stream().limit(size).map(this::view).toList();
        return new Views.Page<>(items, page.size() > size ? Validation.cursor(page.get(size - 1).id()) : null);
    }

    public Views.MemberView member(UUID workspaceId, String userId, UUID memberId) {
        access.member(workspaceId, userId);
        return view(members.inWorkspace(workspaceId, memberId).orElseThrow(() -> ProblemException.notFound("member")));
    }

    /**
     * Invites a person by email: links the Keycloak user with that email or creates one, then adds them to the
     * team. Keycloak is called between two short transactions, never inside one.
     */
    public Views.MemberView invite(UUID workspaceId, String userId, Requests.InviteMember body) {
        access.member(workspaceId, userId, Permission.TEAM_MANAGE);
        if (body == null) {
            throw ProblemException.invalid("email", "is required");
        }
        String email = Validation.email("email", body.email());
        String displayName = Validation.optionalName("displayName", body.displayName());
        List<UUID> requestedGroups = body.groupIds();
        QuarkusTransaction.requiringNew().run(() -> groupIds(workspaceId, requestedGroups)); // 400 before touching Keycloak
        People.Person person = people.findOrCreate(email, displayName);
        return QuarkusTransaction.requiringNew().call(() -> {
            access.member(workspaceId, userId, Permission.TEAM_MANAGE);
            if (members.byUser(workspaceId, person.userId()).isPresent()) {
                throw ProblemException.conflict(email + " is already on the team");
            }
            if (clients.byUser(workspaceId, person.userId()).isPresent()) {
                throw ProblemException.conflict(email + " is a client of this workspace; a person is either team or client here");
            }
            Member member = new Member(Ids.next(), workspaceId, person.userId(), person.displayName(), person.email(),
                    groupIds(workspaceId, requestedGroups));
            try {
                members.persist(member);
                members.flush();
            } catch (PersistenceException e) {
                // the same person invited twice at the same moment: the unique (workspace, user) index decides
                throw ProblemException.conflict(email + " is already on the team");
            }
            events.memberJoined(member, access.effective(member));
            return view(member);
        });
    }

    @Transactional
    public Views.MemberView updateMember(UUID workspaceId, String userId, UUID memberId, Requests.UpdateMember body) {
        access.member(workspaceId, userId, Permission.TEAM_MANAGE);
        Member member = members.inWorkspace(workspaceId, memberId).orElseThrow(() -> ProblemException.notFound("member"));
        if (body == null) {
            throw ProblemException.invalid("groupIds", "is required");
        }
        String displayName = body.displayName() == null ? member.displayName() : Validation.name("displayName", body.displayName());
        Set<UUID> newGroups = body.groupIds() == null ? member.groupIds() : groupIds(workspaceId, body.groupIds());
        UUID ownerGroup = groups.builtIn(workspaceId, BuiltInGroup.OWNER).id();
        if (member.groupIds().contains(ownerGroup) && !newGroups.contains(ownerGroup)) {
            requireAnotherOwner(workspaceId, member, ownerGroup);
        }
        Set<Permission> before = access.effective(member);
        String nameBefore = member.displayName();
        Set<UUID> groupsBefore = member.groupIds();
        member.displayName(displayName);
        member.groupIds(newGroups);
        members.flush();
        Set<Permission> after = access.effective(member);
        if (!before.equals(after) || !nameBefore.equals(displayName) || !groupsBefore.equals(Set.copyOf(newGroups))) {
            events.memberChanged(member, after);
        }
        return view(member);
    }

    @Transactional
    public void removeMember(UUID workspaceId, String userId, UUID memberId) {
        access.member(workspaceId, userId, Permission.TEAM_MANAGE);
        Member member = members.inWorkspace(workspaceId, memberId).orElseThrow(() -> ProblemException.notFound("member"));
        UUID ownerGroup = groups.builtIn(workspaceId, BuiltInGroup.OWNER).id();
        if (member.groupIds().contains(ownerGroup)) {
            requireAnotherOwner(workspaceId, member, ownerGroup);
        }
        // their assignments go with them; MemberRemoved tells consumers to drop them too
        for (Client client : clients.assignedTo(memberId)) {
            client.unassign(memberId);
        }
        members.delete(member);
        events.publish(new MemberRemoved(workspaceId, memberId, member.userId(), Instant.now()));
    }

    private void requireAnotherOwner(UUID workspaceId, Member member, UUID ownerGroup) {
        // Two owners demoting each other at once must not both succeed: owner changes queue on the workspace row.
        workspaces.findById(workspaceId, LockModeType.PESSIMISTIC_WRITE);
        boolean another = members.inGroup(workspaceId, ownerGroup).stream().anyMatch(m -> !m.id().equals(member.id()));
        if (!another) {
            throw ProblemException.conflict("a workspace always keeps at least one Owner; make someone else Owner first");
        }
    }

    /** The requested groups, all of this workspace; absent means the built-in Team member group. */
    private Set<UUID> groupIds(UUID workspaceId, List<UUID> requested) {
        if (requested == null) {
            return Set.of(groups.builtIn(workspaceId, BuiltInGroup.TEAM_MEMBER).id());
        }
        Set<UUID> ids = new LinkedHashSet<>(requested);
        if (ids.contains(null)) {
            throw ProblemException.invalid("groupIds", "must not contain null");
        }
        if (groups.byIds(workspaceId, ids).size() != ids.size()) {
            throw ProblemException.invalid("groupIds", "names a permission group this workspace does not have");
        }
        return ids;
    }

    private Map<UUID, Set<Permission>> effectiveOf(List<Member> affected) {
        Map<UUID, Set<Permission>> result = new HashMap<>();
        affected.forEach(m -> result.put(m.id(), access.effective(m)));
        return result;
    }

    private void publishChanges(List<Member> affected, Map<UUID, Set<Permission>> before) {
        for (Member member : affected) {
            Set<Permission> after = access.effective(member);
            // the group list changes on delete even when the permissions do not; consumers key on permissions,
            // so only a real change is worth an event
            if (!after.equals(before.get(member.id()))) {
                events.memberChanged(member, after);
            }
        }
    }

    Views.MemberView view(Member member) {
        return new Views.MemberView(member.id(), member.userId(), member.displayName(), member.email(),
                IdentityEvents.sorted(member.groupIds()), IdentityEvents.keys(access.effective(member)));
    }

    static Views.PermissionGroupView view(PermissionGroup group) {
        Set<Permission> permissions = group.permissions();
        if (group.isBuiltIn()) {
            permissions.addAll(group.builtIn().mandatory());
        }
        return new Views.PermissionGroupView(group.id(), group.name(), group.isBuiltIn(), IdentityEvents.keys(permissions));
    }
}
