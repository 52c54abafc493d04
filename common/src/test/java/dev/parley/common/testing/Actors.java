package dev.parley.common.testing;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.Permission;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cast of every authorization table ({@link AccessTable}): real Keycloak people in one workspace, each holding
 * one role, plus a person of another workspace and the callers with a bad token. The columns, in table order:
 *
 * <pre>
 * owner      the workspace's creator (Owner group: every permission)
 * admin      Admin group (every permission)
 * office     Office manager group, given private.access (as the demo seed does)
 * member     a team member without any permission
 * access reply private announce manage settings team clients
 *            a team member holding only chats.access / chats.reply / private.access / announcements.send /
 *            conversations.manage / settings.manage / team.manage / clients.manage
 * assigned   a team member without any permission, assigned to {@code client}
 * client     a client in organisation A
 * orgClient  a client of another organisation (B) of the same workspace
 * otherWs    the owner of another workspace (every permission there, nothing here)
 * </pre>
 * Implicit in every row, always 401: {@code none} (no token), {@code expired}, {@code forged} (a real token's
 * claims signed by another key), {@code otherIssuer} (see {@link BadTokens}).
 *
 * <p>How the people are made is the service's business ({@link Staffing}): the identity service through its own
 * API, the others through identity events ({@link #fixture}).
 */
public final class Actors {
    public static final List<String> PEOPLE = List.of("owner", "admin", "office", "member", "access", "reply", "private",
            "announce", "manage", "settings", "team", "clients", "assigned", "client", "orgClient", "otherWs");
    public static final List<String> BAD_TOKENS = List.of("none", "expired", "forged", "otherIssuer");
    private static final Map<String, Permission> SINGLE_PERMISSION = Map.of(
            "access", Permission.CHATS_ACCESS, "reply", Permission.CHATS_REPLY, "private", Permission.PRIVATE_ACCESS,
            "announce", Permission.ANNOUNCEMENTS_SEND, "manage", Permission.CONVERSATIONS_MANAGE,
            "settings", Permission.SETTINGS_MANAGE, "team", Permission.TEAM_MANAGE, "clients", Permission.CLIENTS_MANAGE);

    /** How a service's test puts people into a workspace it has made. */
    public interface Staffing {
        UUID workspaceId();

        /** The member id of the person who owns the workspace. */
        UUID ownerMemberId();

        UUID admin(TestPerson person);

        /** The Office manager group with private.access added. */
        UUID officeManager(TestPerson person);

        UUID member(TestPerson person, Permission... permissions);

        UUID organisation(String name);

        UUID client(TestPerson person, UUID organisationId);

        void assign(UUID clientId, UUID memberId);
    }

    private final Staffing workspace;
    private final Staffing otherWorkspace;
    private final Map<String, TestPerson> people;
    private final Map<String, UUID> memberIds;
    private final Map<String, UUID> clientIds;
    private final UUID organisationA;
    private final UUID organisationB;

    private Actors(Staffing workspace, Staffing otherWorkspace, Map<String, TestPerson> people, Map<String, UUID> memberIds,
                   Map<String, UUID> clientIds, UUID organisationA, UUID organisationB) {
        this.workspace = workspace;
        this.otherWorkspace = otherWorkspace;
        this.people = people;
        this.memberIds = memberIds;
        this.clientIds = clientIds;
        this.organisationA = organisationA;
        this.organisationB = organisationB;
    }

    /** Makes every person of {@link #PEOPLE}; {@code workspaceOwnedBy} makes a new workspace owned by a person. */
    public static Actors build(Function<TestPerson, Staffing> workspaceOwnedBy) {
        Map<String, TestPerson> people = new LinkedHashMap<>();
        for (String name : PEOPLE) {
            people.put(name, Keycloak.person(name));
        }
        Map<String, UUID> members = new LinkedHashMap<>();
        Staffing ws = workspaceOwnedBy.apply(people.get("owner"));
        members.put("owner", ws.ownerMemberId());
        members.put("admin", ws.admin(people.get("admin")));
        members.put("office", ws.officeManager(people.get("office")));
        members.put("member", ws.member(people.get("member")));
        SINGLE_PERMISSION.forEach((name, permission) -> members.put(name, ws.member(people.get(name), permission)));
        members.put("assigned", ws.member(people.get("assigned")));
        UUID a = ws.organisation("Organisation A");
        UUID b = ws.organisation("Organisation B");
        Map<String, UUID> clients = new LinkedHashMap<>();
        clients.put("client", ws.client(people.get("client"), a));
        clients.put("orgClient", ws.client(people.get("orgClient"), b));
        ws.assign(clients.get("client"), members.get("assigned"));
        Staffing other = workspaceOwnedBy.apply(people.get("otherWs"));
        return new Actors(ws, other, Collections.unmodifiableMap(people), members, clients, a, b);
    }

    /**
     * The cast made through identity events ({@link IdentityFixture}), returned once the service under test has
     * projected all of it (the last events: the assignment, the other workspace's owner).
     */
    public static Actors fixture(Consumer<IdentityFixture.Settings> settings, IdentityDirectory directory) {
        Actors actors = build(owner -> new FixtureStaffing(owner, settings));
        IdentityFixture.awaitProjected(() -> directory.isAssigned(actors.workspaceId(), actors.clientId("client"), actors.memberId("assigned"))
                && directory.principal(actors.otherWorkspaceId(), actors.person("otherWs").userId()).isPresent());
        return actors;
    }

    public UUID workspaceId() {
        return workspace.workspaceId();
    }

    public UUID otherWorkspaceId() {
        return otherWorkspace.workspaceId();
    }

    public Staffing workspace() {
        return workspace;
    }

    public Staffing otherWorkspace() {
        return otherWorkspace;
    }

    /** The fixture workspace, when made by {@link #fixture}. */
    public IdentityFixture.Workspace fixtureWorkspace() {
        return ((FixtureStaffing) workspace).workspace;
    }

    public IdentityFixture.Workspace otherFixtureWorkspace() {
        return ((FixtureStaffing) otherWorkspace).workspace;
    }

    public TestPerson person(String actor) {
        TestPerson person = people.get(actor);
        if (person == null) {
            throw new IllegalArgumentException("no person " + actor + " (one of " + PEOPLE + ")");
        }
        return person;
    }

    public UUID memberId(String actor) {
        return memberIds.get(actor);
    }

    /** {@code client} or {@code orgClient}. */
    public UUID clientId(String actor) {
        return clientIds.get(actor);
    }

    public UUID organisationA() {
        return organisationA;
    }

    public UUID organisationB() {
        return organisationB;
    }

    public boolean isMember(String actor) {
        return memberIds.containsKey(actor);
    }

    public List<String> members() {
        return new ArrayList<>(memberIds.keySet());
    }

    /** Identity events as the identity service would publish them. */
    static final class FixtureStaffing implements Staffing {
        private final IdentityFixture.Workspace workspace;
        private final UUID owner;

        FixtureStaffing(TestPerson owner, Consumer<IdentityFixture.Settings> settings) {
            this.workspace = IdentityFixture.workspace(settings);
            this.owner = workspace.owner(owner);
        }

        @Override
        public UUID workspaceId() {
            return workspace.id();
        }

        @Override
        public UUID ownerMemberId() {
            return owner;
        }

        @Override
        public UUID admin(TestPerson person) {
            return workspace.member(person, Permission.values());
        }

        @Override
        public UUID officeManager(TestPerson person) {
            return workspace.member(person, Permission.CHATS_ACCESS, Permission.CHATS_REPLY, Permission.ANNOUNCEMENTS_SEND,
                    Permission.CONVERSATIONS_MANAGE, Permission.CLIENTS_MANAGE, Permission.PRIVATE_ACCESS);
        }

        @Override
        public UUID member(TestPerson person, Permission... permissions) {
            return workspace.member(person, permissions);
        }

        @Override
        public UUID organisation(String name) {
            return workspace.organisation(name);
        }

        @Override
        public UUID client(TestPerson person, UUID organisationId) {
            return workspace.client(person, organisationId);
        }

        @Override
        public void assign(UUID clientId, UUID memberId) {
            workspace.assign(clientId, memberId);
        }
    }
}
