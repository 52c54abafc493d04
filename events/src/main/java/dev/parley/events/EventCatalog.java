package dev.parley.events;

import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import dev.parley.events.announcement.AnnouncementPublished;
import dev.parley.events.conversation.ConversationCreated;
import dev.parley.events.conversation.ConversationDeleted;
import dev.parley.events.conversation.MessageDeleted;
import dev.parley.events.conversation.MessageEdited;
import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.realtime.Typing;
import dev.parley.events.conversation.MessagesRead;
import dev.parley.events.conversation.ParticipantAdded;
import dev.parley.events.conversation.ParticipantMuteChanged;
import dev.parley.events.conversation.ParticipantRemoved;
import dev.parley.events.conversation.ParticipantRoleChanged;
import dev.parley.events.identity.ChatSettingsChanged;
import dev.parley.events.identity.ClientAssigned;
import dev.parley.events.identity.ClientDeleted;
import dev.parley.events.identity.ClientJoinedOrganisation;
import dev.parley.events.identity.ClientLeftOrganisation;
import dev.parley.events.identity.ClientRegistered;
import dev.parley.events.identity.ClientUnassigned;
import dev.parley.events.identity.ClientUpdated;
import dev.parley.events.identity.MemberJoined;
import dev.parley.events.identity.MemberPermissionsChanged;
import dev.parley.events.identity.MemberRemoved;
import dev.parley.events.identity.WorkspaceCreated;
import dev.parley.events.notification.EmailReplyReceived;
import dev.parley.events.notification.NotificationCreated;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type Parley publishes: its CloudEvents type, its topic and its data record.
 * The JSON Schema of each lives at {@code schemas/<type>.json}; EventContractTest keeps the three in step.
 */
public enum EventCatalog {
    // identity-permission-service (key: workspaceId for all, so a workspace's identity events stay in order)
    WORKSPACE_CREATED("parley.workspace.created.v1", Topics.IDENTITY, WorkspaceCreated.class),
    CHAT_SETTINGS_CHANGED("parley.chatsettings.changed.v1", Topics.IDENTITY, ChatSettingsChanged.class),
    MEMBER_JOINED("parley.member.joined.v1", Topics.IDENTITY, MemberJoined.class),
    MEMBER_REMOVED("parley.member.removed.v1", Topics.IDENTITY, MemberRemoved.class),
    MEMBER_PERMISSIONS_CHANGED("parley.member.permissionschanged.v1", Topics.IDENTITY, MemberPermissionsChanged.class),
    CLIENT_REGISTERED("parley.client.registered.v1", Topics.IDENTITY, ClientRegistered.class),
    CLIENT_UPDATED("parley.client.updated.v1", Topics.IDENTITY, ClientUpdated.class),
    CLIENT_DELETED("parley.client.deleted.v1", Topics.IDENTITY, ClientDeleted.class),
    CLIENT_JOINED_ORGANISATION("parley.client.joinedorganisation.v1", Topics.IDENTITY, ClientJoinedOrganisation.class),
    CLIENT_LEFT_ORGANISATION("parley.client.leftorganisation.v1", Topics.IDENTITY, ClientLeftOrganisation.class),
    CLIENT_ASSIGNED("parley.client.assigned.v1", Topics.IDENTITY, ClientAssigned.class),
    CLIENT_UNASSIGNED("parley.client.unassigned.v1", Topics.IDENTITY, ClientUnassigned.class),

    // conversation-service (key: conversationId, so each conversation's events stay in order)
    CONVERSATION_CREATED("parley.conversation.created.v1", Topics.CONVERSATIONS, ConversationCreated.class),
    CONVERSATION_DELETED("parley.conversation.deleted.v1", Topics.CONVERSATIONS, ConversationDeleted.class),
    PARTICIPANT_ADDED("parley.participant.added.v1", Topics.CONVERSATIONS, ParticipantAdded.class),
    PARTICIPANT_REMOVED("parley.participant.removed.v1", Topics.CONVERSATIONS, ParticipantRemoved.class),
    PARTICIPANT_ROLE_CHANGED("parley.participant.rolechanged.v1", Topics.CONVERSATIONS, ParticipantRoleChanged.class),
    PARTICIPANT_MUTE_CHANGED("parley.participant.mutechanged.v1", Topics.CONVERSATIONS, ParticipantMuteChanged.class),
    MESSAGE_POSTED("parley.message.posted.v1", Topics.MESSAGES, MessagePosted.class),
    MESSAGE_EDITED("parley.message.edited.v1", Topics.MESSAGES, MessageEdited.class),
    MESSAGE_DELETED("parley.message.deleted.v1", Topics.MESSAGES, MessageDeleted.class),
    MESSAGES_READ("parley.messages.read.v1", Topics.MESSAGES, MessagesRead.class),

    // notification-service (key: conversationId)
    NOTIFICATION_CREATED("parley.notification.created.v1", Topics.NOTIFICATIONS, NotificationCreated.class),
    EMAIL_REPLY_RECEIVED("parley.email.reply.received.v1", Topics.NOTIFICATIONS, EmailReplyReceived.class),

    // announcement-service (key: announcementId)
    ANNOUNCEMENT_PUBLISHED("parley.announcement.published.v1", Topics.ANNOUNCEMENTS, AnnouncementPublished.class),
    ANNOUNCEMENT_DELIVERY_REQUESTED("parley.announcement.deliveryrequested.v1", Topics.ANNOUNCEMENTS,
            AnnouncementDeliveryRequested.class),
    ANNOUNCEMENT_CANCELLED("parley.announcement.cancelled.v1", Topics.ANNOUNCEMENTS, AnnouncementCancelled.class),

    // gateway
    TYPING("parley.conversation.typing.v1", Topics.EPHEMERAL, Typing.class);

    private final String type;
    private final String topic;
    private final Class<? extends ParleyEvent> dataClass;

    EventCatalog(String type, String topic, Class<? extends ParleyEvent> dataClass) {
        this.type = type;
        this.topic = topic;
        this.dataClass = dataClass;
    }

    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends ParleyEvent> dataClass() {
        return dataClass;
    }

    public String schemaResource() {
        return "schemas/" + type + ".json";
    }

    public static Optional<EventCatalog> byType(String type) {
        return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst();
    }

    public static EventCatalog of(Class<? extends ParleyEvent> dataClass) {
        return Arrays.stream(values()).filter(e -> e.dataClass == dataClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dataClass.getName() + " is not in the EventCatalog"));
    }
}
