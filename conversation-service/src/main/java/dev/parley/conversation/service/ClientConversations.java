package dev.parley.conversation.service;

import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.common.outbox.Outbox;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationKind;
import dev.parley.conversation.Ids;
import dev.parley.conversation.MessageKind;
import dev.parley.conversation.Participant;
import dev.parley.conversation.ParticipantAccess;
import dev.parley.conversation.ParticipantRole;
import dev.parley.conversation.ParticipantType;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.ParticipantRepository;
import dev.parley.conversation.repository.ReaderStateRepository;
import dev.parley.events.conversation.ConversationDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The conversations that follow identity events: a client's CLIENT conversation (with the welcome message), their
 * organisation's ORGANISATION conversation, their PRIVATE feed while private messaging is on, and the clean-up when
 * a member leaves or a client account is deleted. Every method runs in the identity consumer's transaction and is
 * safe to run twice (it checks what exists first).
 */
@ApplicationScoped
public class ClientConversations {
    private static final Logger LOG = Logger.getLogger(ClientConversations.class);
    public static final String SYSTEM = "SYSTEM";

    private final IdentityDirectory directory;
    private final ConversationRepository conversations;
    private final ParticipantRepository participants;
    private final MessageRepository messages;
    private final ReaderStateRepository readers;
    private final ConversationService conversationService;
    private final MessageService messageService;
    private final Outbox outbox;
    private final AttachmentService attachments;

    public ClientConversations(IdentityDirectory directory, ConversationRepository conversations,
                               ParticipantRepository participants, MessageRepository messages,
                               ReaderStateRepository readers, ConversationService conversationService,
                               MessageService messageService, Outbox outbox, AttachmentService attachments) {
        this.directory = directory;
        this.conversations = conversations;
        this.participants = participants;
        this.messages = messages;
        this.readers = readers;
        this.conversationService = conversationService;
        this.messageService = messageService;
        this.outbox = outbox;
        this.attachments = attachments;
    }

    /**
     * A new client lands in the conversation defaultClientChannel names: their own CLIENT conversation (INDIVIDUAL,
     * or ORGANISATION when they have no organisation yet), or their organisation's. The welcome message opens the
     * conversation they land in when it is new. They also get a PRIVATE feed while private messaging is on.
     */
    public void clientRegistered(UUID workspaceId, UUID clientId, UUID organisationId, String organisationName) {
        Optional<ClientPrincipal> found = directory.client(workspaceId, clientId);
        Optional<WorkspaceSettings> settings = directory.workspace(workspaceId);
        if (found.isEmpty() || settings.isEmpty()) {
            LOG.warnf("ClientRegistered for %s in %s before the projection knows them; skipped", clientId, workspaceId);
            return;
        }
        ClientPrincipal client = found.get();
        boolean intoOrganisation = "ORGANISATION".equals(settings.get().defaultClientChannel()) && organisationId != null;
        if (!intoOrganisation) {
            ensureClientConversation(client, settings.get());
        }
        if (organisationId != null) {
            joinOrganisation(client, organisationId, organisationName, settings.get(), intoOrganisation);
        }
        if (settings.get().privateMessagingEnabled()) {
            ensurePrivateFeed(client);
        }
    }

    /**
     * The client's CLIENT conversation, created as on ClientRegistered (participant, welcome message) when they have
     * none: a client who landed in their organisation's conversation gets one when something is addressed to them
     * alone (an announcement). Empty when they are not a client of the workspace (any more).
     */
    public Optional<Conversation> clientConversation(UUID workspaceId, UUID clientId) {
        Optional<ClientPrincipal> client = directory.client(workspaceId, clientId);
        Optional<WorkspaceSettings> settings = directory.workspace(workspaceId);
        if (client.isEmpty() || settings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ensureClientConversation(client.get(), settings.get()));
    }

    public void clientJoinedOrganisation(UUID workspaceId, UUID clientId, UUID organisationId, String organisationName) {
        Optional<ClientPrincipal> client = directory.client(workspaceId, clientId);
        Optional<WorkspaceSettings> settings = directory.workspace(workspaceId);
        if (client.isEmpty() || settings.isEmpty()) {
            return; // ClientRegistered (later) puts them in their organisation's conversation
        }
        joinOrganisation(client.get(), organisationId, organisationName, settings.get(), false);
    }

    /** They leave the organisation's conversation and its GROUP rooms (which hold clients of one organisation). */
    public void clientLeftOrganisation(UUID workspaceId, String userId, UUID organisationId) {
        conversations.findOfOrganisation(workspaceId, organisationId).ifPresent(c -> removeIfParticipant(c, userId));
        conversations.findGroupsOfOrganisation(workspaceId, organisationId).forEach(c -> removeIfParticipant(c, userId));
    }

    /** Private messaging turned on: every client gets their PRIVATE feed (turned off, feeds are hidden, not deleted). */
    public void settingsChanged(UUID workspaceId) {
        directory.workspace(workspaceId).filter(WorkspaceSettings::privateMessagingEnabled)
                .ifPresent(s -> directory.clients(workspaceId).forEach(this::ensurePrivateFeed));
    }

    public void clientUpdated(String userId, String displayName) {
        if (displayName != null) {
            participants.renameEverywhere(userId, displayName);
        }
    }

    /** A member left the team: they leave every conversation of the workspace. */
    public void memberRemoved(UUID workspaceId, String userId) {
        for (Conversation c : conversations.findWithParticipant(workspaceId, userId)) {
            removeIfParticipant(c, userId);
        }
    }

    /**
     * A client account was deleted: their CLIENT and PRIVATE conversations go with every message (ConversationDeleted);
     * in rooms that outlive them they leave, and what they wrote there becomes tombstones.
     */
    public void clientDeleted(UUID workspaceId, UUID clientId, String userId) {
        attachments.clientDeleted(workspaceId, clientId, userId); // before the conversations they are in go
        Instant now = MessageService.now();
        for (ConversationKind kind : List.of(ConversationKind.CLIENT, ConversationKind.PRIVATE)) {
            conversations.findOfClient(workspaceId, kind, clientId).ifPresent(c -> {
                outbox.publish(c.id().toString(), new ConversationDeleted(workspaceId, c.id(), c.kind().name(), clientId,
                        "CLIENT_DELETED", now));
                conversations.delete(c); // participants, messages, edits and reader state cascade in the database
            });
        }
        if (userId != null) {
            List<Conversation> shared = conversations.findWithParticipant(workspaceId, userId);
            List<UUID> ids = shared.stream().map(Conversation::id).toList();
            messages.eraseAuthor(ids, userId, now);
            readers.forget(ids, userId);
            shared.forEach(c -> removeIfParticipant(c, userId));
        }
    }

    private Conversation ensureClientConversation(ClientPrincipal client, WorkspaceSettings settings) {
        Optional<Conversation> existing = conversations.findOfClient(client.workspaceId(), ConversationKind.CLIENT,
                client.clientId());
        if (existing.isPresent()) {
            return existing.get();
        }
        Conversation conversation = create(client.workspaceId(), ConversationKind.CLIENT, client.displayName(),
                client.clientId(), null);
        conversationService.addParticipant(conversation, client, ParticipantRole.CLIENT, ParticipantAccess.WRITE, null, 0);
        welcome(conversation, settings);
        return conversation;
    }

    private void ensurePrivateFeed(ClientPrincipal client) {
        if (conversations.findOfClient(client.workspaceId(), ConversationKind.PRIVATE, client.clientId()).isPresent()) {
            return;
        }
        Conversation conversation = create(client.workspaceId(), ConversationKind.PRIVATE, client.displayName(),
                client.clientId(), null);
        conversationService.addParticipant(conversation, client, ParticipantRole.CLIENT, ParticipantAccess.WRITE, null, 0);
    }

    private void joinOrganisation(ClientPrincipal client, UUID organisationId, String organisationName,
                                  WorkspaceSettings settings, boolean welcomeIfNew) {
        Optional<Conversation> existing = conversations.findOfOrganisation(client.workspaceId(), organisationId);
        Conversation conversation = existing.orElseGet(() -> create(client.workspaceId(), ConversationKind.ORGANISATION,
                organisationName, null, organisationId));
        if (organisationName != null && !organisationName.equals(conversation.name())) {
            conversation.rename(organisationName);
        }
        if (participants.find(conversation.id(), client.userId()).isEmpty()) {
            long hidden = existing.isPresent() && !settings.historyVisibleToNewParticipants() ? conversation.lastSeq() : 0;
            conversationService.addParticipant(conversation, client, ParticipantRole.CLIENT, ParticipantAccess.WRITE, null, hidden);
        }
        if (existing.isEmpty() && welcomeIfNew) {
            welcome(conversation, settings);
        }
    }

    private Conversation create(UUID workspaceId, ConversationKind kind, String name, UUID clientId, UUID organisationId) {
        Conversation conversation = new Conversation(Ids.newId(), workspaceId, kind, name, clientId, organisationId,
                null, MessageService.now());
        conversations.persist(conversation);
        conversations.flush(); // the unique indexes (one CLIENT/PRIVATE per client, one per organisation) answer now
        conversationService.publishCreated(conversation);
        return conversation;
    }

    private void welcome(Conversation conversation, WorkspaceSettings settings) {
        String text = settings.welcomeMessage();
        if (text != null && !text.isBlank()) {
            messageService.append(conversation, settings, MessageKind.SYSTEM, null, SYSTEM, null, text, false, null, null,
                    List.of());
        }
    }

    private void removeIfParticipant(Conversation conversation, String userId) {
        participants.find(conversation.id(), userId).ifPresent(p -> {
            if (p.type() == ParticipantType.CLIENT || p.type() == ParticipantType.MEMBER) {
                conversationService.removeParticipant(conversation, p, null);
            }
        });
    }
}
