package dev.parley.conversation.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.outbox.Outbox;
import dev.parley.common.problem.ProblemCode;
import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.AccessPolicy;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.Ids;
import dev.parley.conversation.Message;
import dev.parley.conversation.Participant;
import dev.parley.conversation.ParticipantAccess;
import dev.parley.conversation.ParticipantRole;
import dev.parley.conversation.ParticipantType;
import dev.parley.conversation.ReaderState;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.ParticipantRepository;
import dev.parley.conversation.repository.ReaderStateRepository;
import dev.parley.events.conversation.ConversationCreated;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.conversation.ParticipantAdded;
import dev.parley.events.conversation.ParticipantMuteChanged;
import dev.parley.events.conversation.ParticipantRemoved;
import dev.parley.events.conversation.ParticipantRoleChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Conversations, their participants and each person's read state. */
@ApplicationScoped
public class ConversationService {
    private final ConversationAccess access;
    private final ConversationRepository conversations;
    private final ParticipantRepository participants;
    private final MessageRepository messages;
    private final ReaderStateRepository readers;
    private final IdentityDirectory directory;
    private final Outbox outbox;

    public ConversationService(ConversationAccess access, ConversationRepository conversations,
                               ParticipantRepository participants, MessageRepository messages,
                               ReaderStateRepository readers, IdentityDirectory directory, Outbox outbox) {
        this.access = access;
        this.conversations = conversations;
        this.participants = participants;
        this.messages = messages;
        this.readers = readers;
        this.directory = directory;
        this.outbox = outbox;
    }

    public record NewParticipant(String userId, ParticipantRole role, ParticipantAccess access) {
    }

    public record NewConversation(ConversationKind kind, String name, List<NewParticipant> participants) {
    }

    // ---- rooms ----

    /** Creates a GROUP, INTERNAL or ANNOUNCEMENT room; the creator is its OWNER. */
    @Transactional
    public Views.ConversationView create(Caller caller, NewConversation request) {
        if (request.kind() == null) {
            throw ProblemException.invalid("kind", "is required (GROUP, INTERNAL or ANNOUNCEMENT)");
        }
        if (!request.kind().createdByHand()) {
            throw ProblemException.invalid("kind", request.kind() + " conversations are created automatically; "
                    + "create GROUP, INTERNAL or ANNOUNCEMENT");
        }
        if (!AccessPolicy.canCreate(caller.viewer(), request.kind())) {
            throw ProblemException.forbidden("creating rooms needs conversations.manage");
        }
        if (!caller.settings().messagingEnabled()) {
            throw new ProblemException(ProblemCode.MESSAGING_DISABLED, "messaging is turned off: no new conversations");
        }
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw ProblemException.invalid("name", "is required, at most 200 characters");
        }
        List<NewParticipant> wanted = request.participants() == null ? List.of() : request.participants();
        if (wanted.size() > 1000) {
            throw ProblemException.invalid("participants", "at most 1000 at creation");
        }
        Map<String, Principal> people = new LinkedHashMap<>();
        for (NewParticipant p : wanted) {
            if (p == null || p.userId() == null) {
                throw ProblemException.invalid("participants", "each needs a userId");
            }
            if (!p.userId().equals(caller.userId())) {
                people.put(p.userId(), principalOf(caller, p.userId()));
            }
        }
        UUID organisationId = null;
        for (Principal person : people.values()) {
            if (person instanceof ClientPrincipal client) {
                organisationId = checkClientMayJoin(request.kind(), organisationId, client);
            }
        }
        Instant now = MessageService.now();
        Conversation conversation = new Conversation(Ids.newId(), caller.workspaceId(), request.kind(), name, null,
                request.kind() == ConversationKind.GROUP ? organisationId : null, caller.userId(), now);
        conversations.persist(conversation);
        publishCreated(conversation);
        addParticipant(conversation, caller.principal(), ParticipantRole.OWNER, ParticipantAccess.WRITE, caller.userId(), 0);
        for (NewParticipant p : wanted) {
            Principal person = people.get(p.userId());
            if (person != null) {
                RoleAndAccess ra = roleFor(conversation, person, p.role(), p.access());
                addParticipant(conversation, person, ra.role(), ra.access(), caller.userId(), 0);
            }
        }
        return view(caller, access.seen(caller, conversation, participants.find(conversation.id(), caller.userId()).orElse(null)),
                null, null);
    }

    /**
     * Rooms that hold clients: ANNOUNCEMENT takes any; GROUP only clients of one organisation. Returns the
     * organisation the room is tied to.
     */
    private static UUID checkClientMayJoin(ConversationKind kind, UUID roomOrganisation, ClientPrincipal client) {
        switch (kind) {
            case ANNOUNCEMENT:
                return roomOrganisation;
            case GROUP:
                if (client.organisationId() == null) {
                    throw ProblemException.invalid("participants",
                            "a GROUP room holds clients of one organisation; this client has none");
                }
                if (roomOrganisation != null && !roomOrganisation.equals(client.organisationId())) {
                    throw ProblemException.invalid("participants",
                            "all clients of a GROUP room must belong to the same organisation");
                }
                return client.organisationId();
            case INTERNAL:
                throw ProblemException.invalid("participants", "INTERNAL rooms are for the team only");
            default:
                throw ProblemException.invalid("userId", "clients join " + kind
                        + " conversations automatically (registration, organisation membership)");
        }
    }

    private Principal principalOf(Caller caller, String userId) {
        return directory.principal(caller.workspaceId(), userId)
                .orElseThrow(() -> ProblemException.invalid("userId", "'" + userId + "' is not a member or client of this workspace"));
    }

    private record RoleAndAccess(ParticipantRole role, ParticipantAccess access) {
    }

    private static RoleAndAccess roleFor(Conversation conversation, Principal person, ParticipantRole role,
                                         ParticipantAccess access) {
        if (person instanceof ClientPrincipal) {
            if (role != null && role != ParticipantRole.CLIENT) {
                throw ProblemException.invalid("role", "a client's role is CLIENT");
            }
            return new RoleAndAccess(ParticipantRole.CLIENT, conversation.kind() == ConversationKind.ANNOUNCEMENT
                    ? ParticipantAccess.READ_ONLY : ParticipantAccess.WRITE);
        }
        if (role == ParticipantRole.CLIENT) {
            throw ProblemException.invalid("role", "a member's role is AGENT or WATCHER");
        }
        if (role == ParticipantRole.OWNER) {
            throw ProblemException.invalid("role", "the OWNER is the room's creator");
        }
        if (role == ParticipantRole.WATCHER) {
            if (access == ParticipantAccess.WRITE) {
                throw ProblemException.invalid("access", "a WATCHER only reads");
            }
            return new RoleAndAccess(ParticipantRole.WATCHER, ParticipantAccess.READ_ONLY);
        }
        return new RoleAndAccess(ParticipantRole.AGENT, access == null ? ParticipantAccess.WRITE : access);
    }

    // ---- reading conversations ----

    @Transactional
    public Views.ConversationView get(Caller caller, UUID conversationId) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        return view(caller, seen, readers.find(conversationId, caller.userId()).orElse(null),
                messages.lastMessages(List.of(conversationId)).get(conversationId));
    }

    public record ListQuery(ConversationKind kind, UUID clientId, boolean archived, String cursor, Integer limit) {
    }

    /** The caller's conversations, latest activity first, with last message and unread count. */
    @Transactional
    public Views.Page<Views.ConversationView> list(Caller caller, ListQuery query) {
        int limit = query.limit() == null ? 50 : query.limit();
        if (limit < 1 || limit > 100) {
            throw ProblemException.invalid("limit", "must be between 1 and 100");
        }
        Cursor after = query.cursor() == null || query.cursor().isEmpty() ? null : Cursor.parse(query.cursor());
        List<Conversation> rows = conversations.candidates(new ConversationRepository.Candidates(caller.workspaceId(),
                caller.userId(), caller.client(), caller.has(Permission.CHATS_ACCESS),
                caller.has(Permission.PRIVATE_ACCESS) && caller.settings().privateMessagingEnabled(),
                access.assignedClientIds(caller), query.kind(), query.clientId(), query.archived(),
                after == null ? null : after.activityAt(), after == null ? null : after.id(), limit + 1));
        boolean more = rows.size() > limit;
        List<Conversation> page = more ? rows.subList(0, limit) : rows;
        List<UUID> ids = page.stream().map(Conversation::id).toList();
        Map<UUID, Participant> mine = participants.ofUser(caller.userId(), ids);
        Map<UUID, ReaderState> states = readers.ofUser(caller.userId(), ids);
        Map<UUID, Message> last = messages.lastMessages(ids);
        List<Views.ConversationView> items = new ArrayList<>();
        for (Conversation conversation : page) {
            ConversationAccess.Seen seen = access.seen(caller, conversation, mine.get(conversation.id()));
            if (AccessPolicy.canRead(seen.context())) {
                items.add(view(caller, seen, states.get(conversation.id()), last.get(conversation.id())));
            }
        }
        Conversation tail = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Views.Page<>(items, more && tail != null ? new Cursor(tail.lastActivityAt(), tail.id()).encode() : null);
    }

    /** Unread counts of every conversation the caller reads (archived ones included), and their total. */
    @Transactional
    public Views.Unread unread(Caller caller) {
        List<Views.UnreadConversation> counts = new ArrayList<>();
        long total = 0;
        for (boolean archived : new boolean[]{false, true}) {
            String cursor = null;
            do {
                Views.Page<Views.ConversationView> page = list(caller, new ListQuery(null, null, archived, cursor, 100));
                for (Views.ConversationView c : page.items()) {
                    if (c.unreadCount() > 0) {
                        counts.add(new Views.UnreadConversation(c.id(), c.unreadCount()));
                        total += c.unreadCount();
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return new Views.Unread(total, counts);
    }

    private Views.ConversationView view(Caller caller, ConversationAccess.Seen seen, ReaderState state, Message last) {
        Conversation c = seen.conversation();
        long hidden = seen.hiddenUpToSeq();
        long read = Math.max(hidden, state == null ? 0 : state.lastReadSeq());
        long unread = Math.max(0, c.lastSeq() - read);
        Views.MessageView lastMessage = last != null && last.seq() > hidden ? Views.MessageView.of(last) : null;
        return new Views.ConversationView(c.id(), c.kind().name(), c.name(), c.clientId(), c.organisationId(),
                c.createdAt(), lastMessage, c.lastSeq(), unread, state != null && state.muted(),
                state != null && state.archived(), AccessPolicy.mayWrite(seen.context()));
    }

    /** Opaque list cursor: the last row's (activity time, id), base64url. */
    record Cursor(Instant activityAt, UUID id) {
        String encode() {
            String raw = activityAt.getEpochSecond() + "." + activityAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2]));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("cursor", "not a cursor this service issued");
            }
        }
    }

    // ---- participants ----

    @Transactional
    public List<Views.ParticipantView> participants(Caller caller, UUID conversationId) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        if (!AccessPolicy.canSeeParticipants(seen.context())) {
            throw ProblemException.forbidden("this workspace does not show clients the participant list");
        }
        return participants.ofConversation(conversationId).stream().map(Views.ParticipantView::of).toList();
    }

    @Transactional
    public Views.ParticipantView addParticipant(Caller caller, UUID conversationId, NewParticipant request) {
        ConversationAccess.Seen seen = managed(caller, conversationId);
        Conversation conversation = seen.conversation();
        if (request.userId() == null || request.userId().isBlank()) {
            throw ProblemException.invalid("userId", "is required");
        }
        Principal person = principalOf(caller, request.userId());
        if (participants.find(conversationId, request.userId()).isPresent()) {
            throw ProblemException.conflict("already a participant");
        }
        if (person instanceof ClientPrincipal client) {
            UUID organisation = checkClientMayJoin(conversation.kind(), conversation.organisationId(), client);
            if (conversation.kind() == ConversationKind.GROUP && conversation.organisationId() == null) {
                if (participants.ofConversation(conversationId).stream().anyMatch(p -> p.type() == ParticipantType.CLIENT)) {
                    throw ProblemException.invalid("userId", "all clients of a GROUP room must belong to the same organisation");
                }
                conversation.belongTo(organisation);
            }
        } else if (conversation.kind() == ConversationKind.PRIVATE
                && !((MemberPrincipal) person).has(Permission.PRIVATE_ACCESS)) {
            throw ProblemException.invalid("userId", "only members with private.access take part in a private feed");
        }
        RoleAndAccess ra = roleFor(conversation, person, request.role(), request.access());
        long hidden = caller.settings().historyVisibleToNewParticipants() ? 0 : conversation.lastSeq();
        return Views.ParticipantView.of(addParticipant(conversation, person, ra.role(), ra.access(), caller.userId(), hidden));
    }

    @Transactional
    public Views.ParticipantView changeParticipant(Caller caller, UUID conversationId, String userId,
                                                   ParticipantRole role, ParticipantAccess newAccess) {
        ConversationAccess.Seen seen = managed(caller, conversationId);
        Participant participant = participants.find(conversationId, userId)
                .orElseThrow(() -> ProblemException.notFound("participant"));
        if (participant.type() == ParticipantType.CLIENT) {
            throw ProblemException.invalid("userId", "a client's role does not change");
        }
        if (participant.role() == ParticipantRole.OWNER) {
            throw ProblemException.conflict("the owner's role does not change");
        }
        if (role == null && newAccess == null) {
            throw ProblemException.invalid("role", "give role and/or access");
        }
        ParticipantRole targetRole = role == null ? participant.role() : role;
        ParticipantAccess targetAccess = newAccess == null
                ? (targetRole == ParticipantRole.WATCHER ? ParticipantAccess.READ_ONLY : participant.access()) : newAccess;
        Principal person = directory.principal(caller.workspaceId(), userId).orElse(null);
        if (person == null) {
            throw ProblemException.notFound("participant");
        }
        RoleAndAccess ra = roleFor(seen.conversation(), person, targetRole, targetAccess);
        if (ra.role() == participant.role() && ra.access() == participant.access()) {
            return Views.ParticipantView.of(participant);
        }
        participant.changeRole(ra.role(), ra.access());
        Conversation c = seen.conversation();
        outbox.publish(c.id().toString(), new ParticipantRoleChanged(c.workspaceId(), c.id(), c.kind().name(), userId,
                ra.role().name(), ra.access().name(), caller.userId(), MessageService.now()));
        return Views.ParticipantView.of(participant);
    }

    @Transactional
    public void removeParticipant(Caller caller, UUID conversationId, String userId) {
        ConversationAccess.Seen seen = managed(caller, conversationId);
        Participant participant = participants.find(conversationId, userId)
                .orElseThrow(() -> ProblemException.notFound("participant"));
        Conversation c = seen.conversation();
        if (participant.type() == ParticipantType.CLIENT && !(c.kind() == ConversationKind.GROUP
                || c.kind() == ConversationKind.ANNOUNCEMENT)) {
            throw ProblemException.conflict("a client takes part in " + c.kind()
                    + " conversations through their account and organisation");
        }
        if (participant.role() == ParticipantRole.OWNER) {
            throw ProblemException.conflict("the owner cannot be removed");
        }
        removeParticipant(c, participant, caller.userId());
    }

    private ConversationAccess.Seen managed(Caller caller, UUID conversationId) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        if (!AccessPolicy.canManageParticipants(seen.context())) {
            throw ProblemException.forbidden("adding and removing participants needs conversations.manage or the room's owner");
        }
        return seen;
    }

    /** Adds a participant and records ParticipantAdded (used by the API and by identity reactions). */
    Participant addParticipant(Conversation conversation, Principal person, ParticipantRole role,
                               ParticipantAccess participantAccess, String addedBy, long hiddenUpToSeq) {
        Instant now = MessageService.now();
        ParticipantType type = person instanceof ClientPrincipal ? ParticipantType.CLIENT : ParticipantType.MEMBER;
        Participant participant = new Participant(conversation.id(), person.userId(), type, role, participantAccess,
                person.displayName(), now, hiddenUpToSeq);
        participants.persist(participant);
        outbox.publish(conversation.id().toString(), new ParticipantAdded(conversation.workspaceId(), conversation.id(),
                conversation.kind().name(), person.userId(), type.name(), role.name(), participantAccess.name(),
                person.displayName(), addedBy, now));
        return participant;
    }

    void removeParticipant(Conversation conversation, Participant participant, String removedBy) {
        participants.delete(participant);
        outbox.publish(conversation.id().toString(), new ParticipantRemoved(conversation.workspaceId(), conversation.id(),
                conversation.kind().name(), participant.userId(), participant.type().name(), removedBy,
                MessageService.now()));
    }

    void publishCreated(Conversation c) {
        outbox.publish(c.id().toString(), new ConversationCreated(c.workspaceId(), c.id(), c.kind().name(), c.name(),
                c.clientId(), c.organisationId(), c.createdBy(), c.createdAt()));
    }

    // ---- read state ----

    @Transactional
    public void read(Caller caller, UUID conversationId, Long upToSeq) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        if (upToSeq == null || upToSeq < 0) {
            throw ProblemException.invalid("upToSeq", "is required, 0 or more");
        }
        if (upToSeq > seen.conversation().lastSeq()) {
            throw ProblemException.invalid("upToSeq", "is beyond the newest message (" + seen.conversation().lastSeq() + ")");
        }
        Instant now = MessageService.now();
        ReaderState state = readers.findOrCreate(conversationId, caller.userId(), now);
        if (state.readUpTo(upToSeq, now)) {
            Conversation c = seen.conversation();
            outbox.publish(c.id().toString(), new MessagesRead(c.workspaceId(), c.id(), c.kind().name(), caller.userId(),
                    caller.type().name(), upToSeq, now));
        }
    }

    /** Who read how far (members) or how far the team read (clients); only where read receipts are on. */
    @Transactional
    public Views.Receipts receipts(Caller caller, UUID conversationId) {
        access.readable(caller, conversationId);
        if (!caller.settings().readReceipts()) {
            throw ProblemException.notFound("receipts (read receipts are turned off in this workspace)");
        }
        long teamLastRead = 0;
        List<Views.Reader> all = new ArrayList<>();
        for (ReaderState state : readers.readersOf(conversationId)) {
            Principal person = directory.principal(caller.workspaceId(), state.userId()).orElse(null);
            if (person == null) {
                continue;
            }
            all.add(new Views.Reader(state.userId(), person.displayName(), state.lastReadSeq()));
            if (person instanceof MemberPrincipal) {
                teamLastRead = Math.max(teamLastRead, state.lastReadSeq());
            }
        }
        return caller.client() ? new Views.Receipts(null, teamLastRead) : new Views.Receipts(all, null);
    }

    @Transactional
    public Views.ConversationView updateMine(Caller caller, UUID conversationId, Boolean muted, Boolean archived) {
        ConversationAccess.Seen seen = access.readable(caller, conversationId);
        if (muted == null && archived == null) {
            throw ProblemException.invalid("muted", "give muted and/or archived");
        }
        Instant now = MessageService.now();
        ReaderState state = readers.findOrCreate(conversationId, caller.userId(), now);
        if (muted != null && muted != state.muted()) {
            state.mute(muted, now);
            // notification-service sends no email, SMS or push for a muted conversation (same transaction: outbox)
            Conversation c = seen.conversation();
            outbox.publish(c.id().toString(), new ParticipantMuteChanged(c.workspaceId(), c.id(), c.kind().name(),
                    caller.userId(), muted, now));
        }
        if (archived != null) {
            state.archive(archived, now);
        }
        return view(caller, seen, state, messages.lastMessages(List.of(conversationId)).get(conversationId));
    }
}
