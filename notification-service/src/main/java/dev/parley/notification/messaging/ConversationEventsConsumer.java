package dev.parley.notification.messaging;

import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.consume.PoisonEventException;
import dev.parley.events.EventCatalog;
import dev.parley.events.conversation.ConversationDeleted;
import dev.parley.events.conversation.ParticipantAdded;
import dev.parley.events.conversation.ParticipantMuteChanged;
import dev.parley.events.conversation.ParticipantRemoved;
import dev.parley.notification.repository.ParticipantRepository;
import dev.parley.notification.repository.PreferenceRepository;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.Set;

/**
 * parley.conversations.v1 → who takes part in which conversation (ParticipantAdded/Removed, ConversationDeleted), so
 * that nothing goes out by email, SMS or push to someone who can no longer read it; and the per-person mute of
 * conversation-service (ParticipantMuteChanged) into mutedConversationIds. Each event applied once (IdempotentConsumer, a
 * poll in one transaction);
 * every row keeps the time of the event that wrote it, so an out-of-order event changes nothing.
 */
@ApplicationScoped
public class ConversationEventsConsumer {
    static final String CHANNEL = "conversation-events";
    static final String CONSUMER = "notification-service.conversations";

    private final IdempotentConsumer idempotent;
    private final ParticipantRepository participants;
    private final PreferenceRepository preferences;

    public ConversationEventsConsumer(IdempotentConsumer idempotent, ParticipantRepository participants,
                                      PreferenceRepository preferences) {
        this.idempotent = idempotent;
        this.participants = participants;
        this.preferences = preferences;
    }

    /** The types this consumer acts on; the rest of the topic (ConversationCreated, ParticipantRoleChanged) is not. */
    static final Set<String> HANDLED = Set.of(EventCatalog.PARTICIPANT_ADDED.type(), EventCatalog.PARTICIPANT_REMOVED.type(),
            EventCatalog.CONVERSATION_DELETED.type(), EventCatalog.PARTICIPANT_MUTE_CHANGED.type());

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        // other types are left out before the transaction: no processed_event row
        idempotent.apply(CONSUMER, CHANNEL, records, event -> HANDLED.contains(event.type()), event -> {
            EventCatalog type = EventCatalog.byType(event.type()).orElse(null);
            if (type == null) {
                return;
            }
            switch (type) {
                case PARTICIPANT_ADDED -> {
                    ParticipantAdded e = event.data(ParticipantAdded.class);
                    participants.record(required(e.workspaceId(), event.id()), required(e.conversationId(), event.id()),
                            required(e.userId(), event.id()), true, time(e.joinedAt(), event.time()));
                }
                case PARTICIPANT_REMOVED -> {
                    ParticipantRemoved e = event.data(ParticipantRemoved.class);
                    participants.record(required(e.workspaceId(), event.id()), required(e.conversationId(), event.id()),
                            required(e.userId(), event.id()), false, time(e.removedAt(), event.time()));
                }
                case CONVERSATION_DELETED -> {
                    ConversationDeleted e = event.data(ConversationDeleted.class);
                    participants.deleted(required(e.workspaceId(), event.id()), required(e.conversationId(), event.id()),
                            time(e.deletedAt(), event.time()));
                }
                case PARTICIPANT_MUTE_CHANGED -> {
                    ParticipantMuteChanged e = event.data(ParticipantMuteChanged.class);
                    preferences.setMuted(required(e.workspaceId(), event.id()), required(e.userId(), event.id()),
                            required(e.conversationId(), event.id()), e.muted(), time(e.changedAt(), event.time()));
                }
                default -> {
                    // ConversationCreated, ParticipantRoleChanged: reading does not depend on them
                }
            }
        });
    }

    private static <T> T required(T value, Object eventId) {
        if (value == null) {
            throw new PoisonEventException("conversation event " + eventId + " lacks a conversation, person or workspace", null);
        }
        return value;
    }

    private static Instant time(Instant data, Instant envelope) {
        return data != null ? data : envelope;
    }
}
