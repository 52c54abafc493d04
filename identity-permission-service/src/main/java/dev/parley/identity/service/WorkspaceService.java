package dev.parley.identity.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.events.identity.ChatSettings;
import dev.parley.events.identity.ChatSettingsChanged;
import dev.parley.events.identity.WorkspaceCreated;
import dev.parley.identity.BuiltInGroup;
import dev.parley.identity.ChatSettingsValues;
import dev.parley.identity.Client;
import dev.parley.identity.Ids;
import dev.parley.identity.Member;
import dev.parley.identity.PermissionGroup;
import dev.parley.identity.Workspace;
import dev.parley.identity.repository.ClientRepository;
import dev.parley.identity.repository.MemberRepository;
import dev.parley.identity.repository.PermissionGroupRepository;
import dev.parley.identity.repository.WorkspaceRepository;
import dev.parley.identity.rest.Requests;
import dev.parley.identity.rest.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Workspaces, their chat settings, and the caller's view of all their workspaces. */
@ApplicationScoped
public class WorkspaceService {
    /** Setting names in DESIGN order, as ChatSettingsChanged.changed lists them. */
    private static final Map<String, Function<ChatSettings, Object>> SETTINGS = new java.util.LinkedHashMap<>();

    static {
        SETTINGS.put("messagingEnabled", ChatSettings::messagingEnabled);
        SETTINGS.put("contactButtonAfterBooking", ChatSettings::contactButtonAfterBooking);
        SETTINGS.put("readReceipts", ChatSettings::readReceipts);
        SETTINGS.put("typingIndicator", ChatSettings::typingIndicator);
        SETTINGS.put("privateMessagingEnabled", ChatSettings::privateMessagingEnabled);
        SETTINGS.put("defaultClientChannel", ChatSettings::defaultClientChannel);
        SETTINGS.put("welcomeMessage", ChatSettings::welcomeMessage);
        SETTINGS.put("clientsSeeParticipants", ChatSettings::clientsSeeParticipants);
        SETTINGS.put("historyVisibleToNewParticipants", ChatSettings::historyVisibleToNewParticipants);
        SETTINGS.put("attachmentMaxBytes", ChatSettings::attachmentMaxBytes);
        SETTINGS.put("emailDigestMinutes", ChatSettings::emailDigestMinutes);
    }

    public static final long MAX_ATTACHMENT_BYTES = 100L * 1024 * 1024;
    public static final int MAX_DIGEST_MINUTES = 7 * 24 * 60;

    private final WorkspaceRepository workspaces;
    private final PermissionGroupRepository groups;
    private final MemberRepository members;
    private final ClientRepository clients;
    private final Access access;
    private final IdentityEvents events;

    public WorkspaceService(WorkspaceRepository workspaces, PermissionGroupRepository groups, MemberRepository members,
                            ClientRepository clients, Access access, IdentityEvents events) {
        this.workspaces = workspaces;
        this.groups = groups;
        this.members = members;
        this.clients = clients;
        this.access = access;
        this.events = events;
    }

    /** Any signed-in person may create a workspace and becomes its Owner (with the built-in groups). */
    @Transactional
    public Views.WorkspaceView create(String userId, String displayName, String email, Requests.CreateWorkspace request) {
        if (request == null) {
            throw ProblemException.invalid("name", "is required");
        }
        String name = Validation.name("name", request.name());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Workspace workspace = new Workspace(Ids.next(), name, userId, now, ChatSettingsValues.defaults());
        workspaces.persist(workspace);
        PermissionGroup owner = null;
        for (BuiltInGroup builtIn : BuiltInGroup.values()) {
            PermissionGroup group = new PermissionGroup(Ids.next(), workspace.id(), builtIn.displayName(), builtIn, builtIn.permissions());
            groups.persist(group);
            if (builtIn == BuiltInGroup.OWNER) {
                owner = group;
            }
        }
        Member creator = new Member(Ids.next(), workspace.id(), userId, displayName, email, Set.of(owner.id()));
        members.persist(creator);
        events.publish(new WorkspaceCreated(workspace.id(), name, userId, workspace.settings(), now));
        events.memberJoined(creator, BuiltInGroup.OWNER.permissions());
        return view(workspace);
    }

    public Views.WorkspaceView get(UUID workspaceId, String userId) {
        return view(access.caller(workspaceId, userId).workspace());
    }

    /** Everyone in the workspace reads the settings: clients' apps need them too (contact button, receipts). */
    public ChatSettings settings(UUID workspaceId, String userId) {
        return access.caller(workspaceId, userId).workspace().settings();
    }

    @Transactional
    public ChatSettings updateSettings(UUID workspaceId, String userId, Requests.ChatSettingsUpdate update) {
        Workspace workspace = access.member(workspaceId, userId, Permission.SETTINGS_MANAGE).workspace();
        if (update == null) {
            throw ProblemException.invalid("body", "is required");
        }
        ChatSettings before = workspace.settings();
        ChatSettings after = merge(before, update);
        List<String> changed = changed(before, after);
        if (!changed.isEmpty()) {
            workspace.settings(after);
            events.publish(new ChatSettingsChanged(workspaceId, workspace.name(), after, changed, userId, Instant.now()));
        }
        return after;
    }

    /** Applies a settings update (absent fields keep their value) and validates the result. Pure. */
    public static ChatSettings merge(ChatSettings current, Requests.ChatSettingsUpdate u) {
        String channel = u.defaultClientChannel() == null ? current.defaultClientChannel() : u.defaultClientChannel();
        if (!channel.equals("INDIVIDUAL") && !channel.equals("ORGANISATION")) {
            throw ProblemException.invalid("defaultClientChannel", "must be INDIVIDUAL or ORGANISATION");
        }
        long maxBytes = u.attachmentMaxBytes() == null ? current.attachmentMaxBytes() : u.attachmentMaxBytes();
        if (maxBytes < 1 || maxBytes > MAX_ATTACHMENT_BYTES) {
            throw ProblemException.invalid("attachmentMaxBytes", "must be between 1 and " + MAX_ATTACHMENT_BYTES);
        }
        int digest = u.emailDigestMinutes() == null ? current.emailDigestMinutes() : u.emailDigestMinutes();
        if (digest < 1 || digest > MAX_DIGEST_MINUTES) {
            throw ProblemException.invalid("emailDigestMinutes", "must be between 1 and " + MAX_DIGEST_MINUTES);
        }
        String welcome = u.welcomeMessage() == null ? current.welcomeMessage() : Validation.welcomeMessage(u.welcomeMessage());
        return new ChatSettings(
                or(u.messagingEnabled(), current.messagingEnabled()),
                or(u.contactButtonAfterBooking(), current.contactButtonAfterBooking()),
                or(u.readReceipts(), current.readReceipts()),
                or(u.typingIndicator(), current.typingIndicator()),
                or(u.privateMessagingEnabled(), current.privateMessagingEnabled()),
                channel, welcome,
                or(u.clientsSeeParticipants(), current.clientsSeeParticipants()),
                or(u.historyVisibleToNewParticipants(), current.historyVisibleToNewParticipants()),
                maxBytes, digest);
    }

    public static List<String> changed(ChatSettings before, ChatSettings after) {
        return SETTINGS.entrySet().stream()
                .filter(e -> !Objects.equals(e.getValue().apply(before), e.getValue().apply(after)))
                .map(Map.Entry::getKey).toList();
    }

    /** GET /me: every workspace where the person is a member or a client, with their role and permissions. */
    public Views.Me me(String userId) {
        List<Member> memberships = members.ofUser(userId);
        List<Client> clientships = clients.ofUser(userId);
        List<UUID> ids = new ArrayList<>();
        memberships.forEach(m -> ids.add(m.workspaceId()));
        clientships.forEach(c -> ids.add(c.workspaceId()));
        Map<UUID, Workspace> byId = workspaces.byIds(ids).stream().collect(Collectors.toMap(Workspace::id, w -> w));
        List<Views.MeWorkspace> result = new ArrayList<>();
        for (Member m : memberships) {
            result.add(new Views.MeWorkspace(m.workspaceId(), byId.get(m.workspaceId()).name(), "MEMBER", m.id(), null,
                    IdentityEvents.keys(access.effective(m))));
        }
        for (Client c : clientships) {
            result.add(new Views.MeWorkspace(c.workspaceId(), byId.get(c.workspaceId()).name(), "CLIENT", null, c.id(), List.of()));
        }
        result.sort(Comparator.comparing(Views.MeWorkspace::workspaceId));
        return new Views.Me(userId, result);
    }

    private static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }

    static Views.WorkspaceView view(Workspace workspace) {
        return new Views.WorkspaceView(workspace.id(), workspace.name(), workspace.createdAt());
    }

}
