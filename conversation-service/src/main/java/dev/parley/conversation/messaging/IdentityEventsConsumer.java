package dev.parley.conversation.messaging;

import dev.parley.common.consume.ConsumedEvent;
import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.identity.IdentityProjection;
import dev.parley.conversation.service.ClientConversations;
import dev.parley.events.identity.ClientDeleted;
import dev.parley.events.identity.ClientJoinedOrganisation;
import dev.parley.events.identity.ClientLeftOrganisation;
import dev.parley.events.identity.ClientRegistered;
import dev.parley.events.identity.ClientUpdated;
import dev.parley.events.identity.MemberRemoved;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * parley.identity.v1: first the shared identity projection (who is who, with which permissions and settings),
 * then this service's reactions, in one transaction with the event id, so a redelivery changes nothing (a poll's
 * events in one transaction, in order).
 */
@ApplicationScoped
public class IdentityEventsConsumer {
    public static final String CHANNEL = "identity-events";
    public static final String CONSUMER = "conversation-service.identity";

    private final IdempotentConsumer idempotent;
    private final IdentityProjection projection;
    private final ClientConversations clientConversations;

    public IdentityEventsConsumer(IdempotentConsumer idempotent, IdentityProjection projection,
                                  ClientConversations clientConversations) {
        this.idempotent = idempotent;
        this.projection = projection;
        this.clientConversations = clientConversations;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        idempotent.apply(CONSUMER, CHANNEL, records, event -> {
            projection.apply(event);
            react(event);
        });
    }

    private void react(ConsumedEvent event) {
        switch (event.type()) {
            case "parley.client.registered.v1" -> {
                ClientRegistered e = event.data(ClientRegistered.class);
                clientConversations.clientRegistered(e.workspaceId(), e.clientId(), e.organisationId(), null);
            }
            case "parley.client.joinedorganisation.v1" -> {
                ClientJoinedOrganisation e = event.data(ClientJoinedOrganisation.class);
                clientConversations.clientJoinedOrganisation(e.workspaceId(), e.clientId(), e.organisationId(),
                        e.organisationName());
            }
            case "parley.client.leftorganisation.v1" -> {
                ClientLeftOrganisation e = event.data(ClientLeftOrganisation.class);
                clientConversations.clientLeftOrganisation(e.workspaceId(), e.userId(), e.organisationId());
            }
            case "parley.client.updated.v1" -> {
                ClientUpdated e = event.data(ClientUpdated.class);
                clientConversations.clientUpdated(e.userId(), e.displayName());
            }
            case "parley.client.deleted.v1" -> {
                ClientDeleted e = event.data(ClientDeleted.class);
                clientConversations.clientDeleted(e.workspaceId(), e.clientId(), e.userId());
            }
            case "parley.member.removed.v1" -> {
                MemberRemoved e = event.data(MemberRemoved.class);
                clientConversations.memberRemoved(e.workspaceId(), e.userId());
            }
            case "parley.chatsettings.changed.v1", "parley.workspace.created.v1" ->
                    clientConversations.settingsChanged(event.workspaceId());
            default -> {
                // members joining, permission changes and assignments live in the projection; the policy reads them
            }
        }
    }
}
