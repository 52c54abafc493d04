package dev.parley.notification;

import dev.parley.common.testing.IdentityFixture;
import dev.parley.common.testing.TestEvents;
import dev.parley.common.testing.TestPerson;
import dev.parley.events.conversation.ParticipantAdded;
import dev.parley.events.conversation.ParticipantMuteChanged;
import dev.parley.events.conversation.ParticipantRemoved;
import dev.parley.notification.repository.ParticipantRepository;
import dev.parley.notification.repository.PreferenceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Publishes what conversation-service would on parley.conversations.v1 (key conversationId) for conversations the
 * tests make up, and waits until this service has projected it: the message events that follow are consumed
 * apart from these, so a test that needs the participation in place before a digest or hand-off waits for it here.
 */
@ApplicationScoped
public class ConversationEvents {
    private final ParticipantRepository participants;
    private final PreferenceRepository preferences;

    public ConversationEvents(ParticipantRepository participants, PreferenceRepository preferences) {
        this.participants = participants;
        this.preferences = preferences;
    }

    /** The people (members, or clients when {@code clients}) take part in the conversation. */
    public void added(UUID workspaceId, UUID conversationId, String kind, boolean clients, TestPerson... people) {
        for (TestPerson person : people) {
            TestEvents.publish(conversationId.toString(), new ParticipantAdded(workspaceId, conversationId, kind,
                    person.userId(), clients ? "CLIENT" : "MEMBER", clients ? "CLIENT" : "AGENT", "WRITE",
                    person.displayName(), "conversation-service", Instant.now()));
        }
        for (TestPerson person : people) {
            IdentityFixture.awaitProjected(() -> participation(workspaceId, conversationId, person).orElse(false));
        }
    }

    public void removed(UUID workspaceId, UUID conversationId, String kind, TestPerson person) {
        TestEvents.publish(conversationId.toString(), new ParticipantRemoved(workspaceId, conversationId, kind,
                person.userId(), "MEMBER", "conversation-service", Instant.now()));
        IdentityFixture.awaitProjected(() -> !participation(workspaceId, conversationId, person).orElse(true));
    }

    /** PUT .../conversations/{id}/me {"muted"} as conversation-service announces it. */
    public void muted(UUID workspaceId, UUID conversationId, String kind, TestPerson person, boolean muted) {
        TestEvents.publish(conversationId.toString(), new ParticipantMuteChanged(workspaceId, conversationId, kind,
                person.userId(), muted, Instant.now()));
        IdentityFixture.awaitProjected(() -> QuarkusTransaction.requiringNew().call(() ->
                preferences.mutedConversations(workspaceId, person.userId()).contains(conversationId)) == muted);
    }

    private Optional<Boolean> participation(UUID workspaceId, UUID conversationId, TestPerson person) {
        return QuarkusTransaction.requiringNew().call(() -> participants.participation(workspaceId, conversationId,
                person.userId()));
    }
}
