package dev.parley.conversation.service;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.AccessPolicy;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.Participant;
import dev.parley.conversation.ParticipantType;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.ParticipantRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Feeds the {@link AccessPolicy} with facts from the database and the identity projection. */
@ApplicationScoped
public class ConversationAccess {
    private final IdentityDirectory directory;
    private final ConversationRepository conversations;
    private final ParticipantRepository participants;

    public ConversationAccess(IdentityDirectory directory, ConversationRepository conversations,
                              ParticipantRepository participants) {
        this.directory = directory;
        this.conversations = conversations;
        this.participants = participants;
    }

    /** A conversation as one caller meets it. {@code participant} is null when they read it by permission. */
    public record Seen(Conversation conversation, Participant participant, AccessPolicy.Context context) {
        /** Messages with seq up to this are hidden from the caller (history off for new participants). */
        public long hiddenUpToSeq() {
            return participant == null ? 0 : participant.visibleFromSeq();
        }
    }

    /** The conversation if the caller may read it; otherwise 404, whether or not it exists. */
    public Seen readable(Caller caller, UUID conversationId) {
        Conversation conversation = conversations.findInWorkspace(caller.workspaceId(), conversationId)
                .orElseThrow(() -> ProblemException.notFound("conversation"));
        Seen seen = seen(caller, conversation, participants.find(conversationId, caller.userId()).orElse(null));
        if (!AccessPolicy.canRead(seen.context())) {
            throw ProblemException.notFound("conversation");
        }
        return seen;
    }

    /**
     * The conversation as a person (by user id, with no request behind it: an event acting for them) meets it now,
     * or empty when they are nobody in the workspace or the conversation is not there. The caller still has to ask
     * the policy what they may do.
     */
    public Optional<Acting> seenBy(UUID workspaceId, String userId, UUID conversationId) {
        return directory.principal(workspaceId, userId)
                .flatMap(principal -> directory.workspace(workspaceId).map(settings -> new Caller(principal, settings)))
                .flatMap(caller -> conversations.findInWorkspace(workspaceId, conversationId)
                        .map(conversation -> new Acting(caller, seen(caller, conversation,
                                participants.find(conversationId, userId).orElse(null)))));
    }

    /** A person acting without a request, and the conversation as they meet it. */
    public record Acting(Caller caller, Seen seen) {
    }

    public Seen seen(Caller caller, Conversation conversation, Participant participant) {
        boolean assigned = caller.principal() instanceof MemberPrincipal member
                && conversation.kind() == ConversationKind.CLIENT && conversation.clientId() != null
                && directory.isAssigned(caller.workspaceId(), conversation.clientId(), member.memberId());
        return new Seen(conversation, participant, new AccessPolicy.Context(conversation.kind(), caller.viewer(),
                participant == null ? null : participant.participation(), assigned, caller.policySettings()));
    }

    /** The client ids whose CLIENT conversations the member reads because they are assigned to them. */
    public Set<UUID> assignedClientIds(Caller caller) {
        if (!(caller.principal() instanceof MemberPrincipal member) || member.has(Permission.CHATS_ACCESS)) {
            return Set.of(); // with chats.access every CLIENT conversation is a candidate anyway
        }
        return directory.assignedClientIds(caller.workspaceId(), member.memberId());
    }

    /**
     * The user ids who may read the conversation now (MessagePosted.visibleTo): every member the policy lets read
     * it, and its client participants.
     */
    public List<String> visibleTo(Conversation conversation, WorkspaceSettings settings) {
        Set<UUID> assigned = conversation.kind() == ConversationKind.CLIENT && conversation.clientId() != null
                ? directory.assignedMemberIds(conversation.workspaceId(), conversation.clientId()) : Set.of();
        return visibleTo(conversation.kind(), participants.ofConversation(conversation.id()), assigned,
                directory.members(conversation.workspaceId()), settings);
    }

    /**
     * The same from facts the caller gathered itself: the conversation's participants, the members assigned to its
     * client and the workspace's team (an announcement fan-out reads these once for 500 conversations).
     */
    public static List<String> visibleTo(ConversationKind kind, List<Participant> conversationParticipants,
                                         Set<UUID> assigned, List<MemberPrincipal> members, WorkspaceSettings settings) {
        Map<String, Participant> byUser = conversationParticipants.stream()
                .collect(Collectors.toMap(Participant::userId, Function.identity()));
        AccessPolicy.Settings policySettings = Caller.policySettings(settings);
        Set<String> visible = new LinkedHashSet<>(); // a set: an announcement room holds thousands of clients
        for (MemberPrincipal member : members) {
            Participant participant = byUser.get(member.userId());
            AccessPolicy.Context context = new AccessPolicy.Context(kind, Caller.viewer(member),
                    participant == null ? null : participant.participation(), assigned.contains(member.memberId()),
                    policySettings);
            if (AccessPolicy.canRead(context)) {
                visible.add(member.userId());
            }
        }
        for (Participant participant : byUser.values()) {
            if (participant.type() == ParticipantType.CLIENT && !visible.contains(participant.userId())) {
                AccessPolicy.Context context = new AccessPolicy.Context(kind, AccessPolicy.Viewer.asClient(),
                        participant.participation(), false, policySettings);
                if (AccessPolicy.canRead(context)) {
                    visible.add(participant.userId());
                }
            }
        }
        return List.copyOf(visible);
    }
}
