package dev.parley.events;

import dev.parley.events.conversation.MessagePosted;
import dev.parley.events.conversation.ParticipantAdded;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type Parley publishes: its CloudEvents type, its topic and its data record.
 * The JSON Schema of each lives at {@code schemas/<type>.json}; EventContractTest keeps the three in step.
 */
public enum EventCatalog {
    // conversation-service
    PARTICIPANT_ADDED("parley.participant.added.v1", Topics.CONVERSATIONS, ParticipantAdded.class),
    MESSAGE_POSTED("parley.message.posted.v1", Topics.MESSAGES, MessagePosted.class);

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
