package dev.parley.common.identity;

import dev.parley.common.consume.ConsumedEvent;
import dev.parley.common.consume.PoisonEventException;
import dev.parley.events.EventCatalog;
import dev.parley.events.identity.ChatSettings;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps the consuming service's copy of parley.identity.v1 (tables of db/common V0_2) so it can authorize every
 * request without calling the identity service. Call {@link #apply} from inside
 * {@link dev.parley.common.consume.IdempotentConsumer#apply}: that makes it transactional and skips duplicates.
 *
 * <p>Every row remembers the time of the event that last wrote it and is only overwritten by a newer one, and
 * removals are tombstones, so a replay or a late event never resurrects a removed member or an old name.
 * Types this class does not know (other topics' events, newer identity events) are ignored.
 */
@ApplicationScoped
public class IdentityProjection {
    private final EntityManager entityManager;

    public IdentityProjection(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void apply(ConsumedEvent event) {
        Optional<EventCatalog> known = EventCatalog.byType(event.type());
        if (known.isEmpty()) {
            return;
        }
        Instant at = event.time();
        switch (known.get()) {
            case WORKSPACE_CREATED -> {
                WorkspaceCreated e = event.data(WorkspaceCreated.class);
                workspace(event, e.workspaceId(), e.name(), e.settings(), at);
            }
            case CHAT_SETTINGS_CHANGED -> {
                ChatSettingsChanged e = event.data(ChatSettingsChanged.class);
                workspace(event, e.workspaceId(), e.name(), e.settings(), at);
            }
            case MEMBER_JOINED -> {
                MemberJoined e = event.data(MemberJoined.class);
                member(event, e.workspaceId(), e.memberId(), e.userId(), e.displayName(), e.email(), e.permissions(), at);
            }
            case MEMBER_PERMISSIONS_CHANGED -> {
                MemberPermissionsChanged e = event.data(MemberPermissionsChanged.class);
                member(event, e.workspaceId(), e.memberId(), e.userId(), e.displayName(), e.email(), e.permissions(), at);
            }
            case MEMBER_REMOVED -> {
                MemberRemoved e = event.data(MemberRemoved.class);
                memberRemoved(event, e.workspaceId(), e.memberId(), e.userId(), at);
            }
            case CLIENT_REGISTERED -> {
                ClientRegistered e = event.data(ClientRegistered.class);
                client(event, e.workspaceId(), e.clientId(), e.userId(), e.displayName(), e.email(), e.mobile(),
                        e.organisationId(), at);
            }
            case CLIENT_UPDATED -> {
                ClientUpdated e = event.data(ClientUpdated.class);
                client(event, e.workspaceId(), e.clientId(), e.userId(), e.displayName(), e.email(), e.mobile(),
                        e.organisationId(), at);
            }
            case CLIENT_DELETED -> {
                ClientDeleted e = event.data(ClientDeleted.class);
                clientDeleted(event, e.workspaceId(), e.clientId(), e.userId(), at);
            }
            case CLIENT_JOINED_ORGANISATION -> {
                ClientJoinedOrganisation e = event.data(ClientJoinedOrganisation.class);
                organisation(event, e.workspaceId(), e.clientId(), e.userId(), required(event, e.organisationId(), "organisationId"), true, at);
            }
            case CLIENT_LEFT_ORGANISATION -> {
                ClientLeftOrganisation e = event.data(ClientLeftOrganisation.class);
                organisation(event, e.workspaceId(), e.clientId(), e.userId(), required(event, e.organisationId(), "organisationId"), false, at);
            }
            case CLIENT_ASSIGNED -> {
                ClientAssigned e = event.data(ClientAssigned.class);
                assignment(event, e.workspaceId(), e.clientId(), e.memberId(), true, at);
            }
            case CLIENT_UNASSIGNED -> {
                ClientUnassigned e = event.data(ClientUnassigned.class);
                assignment(event, e.workspaceId(), e.clientId(), e.memberId(), false, at);
            }
            default -> {
                // another service's event on a shared consumer: not identity state
            }
        }
    }

    private void workspace(ConsumedEvent event, UUID workspaceId, String name, ChatSettings settings, Instant at) {
        required(event, name, "name");
        required(event, settings, "settings");
        required(event, settings.defaultClientChannel(), "settings.defaultClientChannel");
        execute("""
                insert into identity_workspace (workspace_id, name, messaging_enabled, contact_button_after_booking,
                    read_receipts, typing_indicator, private_messaging_enabled, default_client_channel, welcome_message,
                    clients_see_participants, history_visible_to_new_participants, attachment_max_bytes,
                    email_digest_minutes, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (workspace_id) do update set name = excluded.name,
                    messaging_enabled = excluded.messaging_enabled,
                    contact_button_after_booking = excluded.contact_button_after_booking,
                    read_receipts = excluded.read_receipts, typing_indicator = excluded.typing_indicator,
                    private_messaging_enabled = excluded.private_messaging_enabled,
                    default_client_channel = excluded.default_client_channel,
                    welcome_message = excluded.welcome_message,
                    clients_see_participants = excluded.clients_see_participants,
                    history_visible_to_new_participants = excluded.history_visible_to_new_participants,
                    attachment_max_bytes = excluded.attachment_max_bytes,
                    email_digest_minutes = excluded.email_digest_minutes, updated_at = excluded.updated_at
                where identity_workspace.updated_at <= excluded.updated_at""",
                workspaceId, name, settings.messagingEnabled(), settings.contactButtonAfterBooking(),
                settings.readReceipts(), settings.typingIndicator(), settings.privateMessagingEnabled(),
                settings.defaultClientChannel(), settings.welcomeMessage() == null ? "" : settings.welcomeMessage(),
                settings.clientsSeeParticipants(), settings.historyVisibleToNewParticipants(),
                settings.attachmentMaxBytes(), settings.emailDigestMinutes(), at);
    }

    private void member(ConsumedEvent event, UUID workspaceId, UUID memberId, String userId, String displayName,
                        String email, List<String> permissions, Instant at) {
        required(event, memberId, "memberId");
        required(event, userId, "userId");
        execute("""
                insert into identity_member (workspace_id, member_id, user_id, display_name, email, permissions, removed, updated_at)
                values (?, ?, ?, ?, ?, ?, false, ?)
                on conflict (workspace_id, member_id) do update set user_id = excluded.user_id,
                    display_name = excluded.display_name, email = excluded.email, permissions = excluded.permissions,
                    updated_at = excluded.updated_at
                where not identity_member.removed and identity_member.updated_at <= excluded.updated_at""",
                workspaceId, memberId, userId, nullToEmpty(displayName), nullToEmpty(email),
                new TextArray(permissions == null ? List.of() : permissions), at);
    }

    private void memberRemoved(ConsumedEvent event, UUID workspaceId, UUID memberId, String userId, Instant at) {
        required(event, memberId, "memberId");
        // a removal is final (a member who comes back gets a new member id), so it wins over any time order
        execute("""
                insert into identity_member (workspace_id, member_id, user_id, display_name, email, permissions, removed, updated_at)
                values (?, ?, ?, '', '', '{}', true, ?)
                on conflict (workspace_id, member_id) do update set removed = true, permissions = '{}',
                    updated_at = greatest(identity_member.updated_at, excluded.updated_at)""",
                workspaceId, memberId, nullToEmpty(userId), at);
        execute("update identity_assignment set assigned = false, updated_at = greatest(updated_at, ?) "
                + "where workspace_id = ? and member_id = ?", at, workspaceId, memberId);
    }

    private void client(ConsumedEvent event, UUID workspaceId, UUID clientId, String userId, String displayName,
                        String email, String mobile, UUID organisationId, Instant at) {
        required(event, clientId, "clientId");
        required(event, userId, "userId");
        execute("""
                insert into identity_client (workspace_id, client_id, user_id, display_name, email, mobile, organisation_id,
                    deleted, updated_at, organisation_updated_at)
                values (?, ?, ?, ?, ?, ?, ?, false, ?, ?)
                on conflict (workspace_id, client_id) do update set user_id = excluded.user_id,
                    display_name = excluded.display_name, email = excluded.email, mobile = excluded.mobile,
                    updated_at = excluded.updated_at,
                    organisation_id = case when identity_client.organisation_updated_at is null
                            or identity_client.organisation_updated_at <= excluded.organisation_updated_at
                        then excluded.organisation_id else identity_client.organisation_id end,
                    organisation_updated_at = greatest(identity_client.organisation_updated_at, excluded.organisation_updated_at)
                where not identity_client.deleted
                    and (identity_client.updated_at is null or identity_client.updated_at <= excluded.updated_at)""",
                workspaceId, clientId, userId, nullToEmpty(displayName), nullToEmpty(email), mobile, organisationId,
                at, at);
    }

    private void clientDeleted(ConsumedEvent event, UUID workspaceId, UUID clientId, String userId, Instant at) {
        required(event, clientId, "clientId");
        // client ids are never reused, so a deletion wins over any time order
        execute("""
                insert into identity_client (workspace_id, client_id, user_id, deleted, updated_at, organisation_updated_at)
                values (?, ?, ?, true, ?, ?)
                on conflict (workspace_id, client_id) do update set deleted = true, organisation_id = null,
                    updated_at = greatest(identity_client.updated_at, excluded.updated_at),
                    organisation_updated_at = greatest(identity_client.organisation_updated_at, excluded.organisation_updated_at)""",
                workspaceId, clientId, userId, at, at);
        execute("update identity_assignment set assigned = false, updated_at = greatest(updated_at, ?) "
                + "where workspace_id = ? and client_id = ?", at, workspaceId, clientId);
    }

    private void organisation(ConsumedEvent event, UUID workspaceId, UUID clientId, String userId, UUID organisationId,
                              boolean joined, Instant at) {
        required(event, clientId, "clientId");
        // Leaving only clears the organisation the client is still in: a newer join elsewhere stays.
        execute("""
                insert into identity_client (workspace_id, client_id, user_id, organisation_id, deleted, organisation_updated_at)
                values (?, ?, ?, ?, false, ?)
                on conflict (workspace_id, client_id) do update set
                    organisation_id = case when ? then excluded.organisation_id
                        when identity_client.organisation_id = ? then null
                        else identity_client.organisation_id end,
                    organisation_updated_at = excluded.organisation_updated_at
                where not identity_client.deleted and (identity_client.organisation_updated_at is null
                    or identity_client.organisation_updated_at <= excluded.organisation_updated_at)""",
                workspaceId, clientId, userId, joined ? organisationId : null, at, joined, organisationId);
    }

    private void assignment(ConsumedEvent event, UUID workspaceId, UUID clientId, UUID memberId, boolean assigned, Instant at) {
        required(event, clientId, "clientId");
        required(event, memberId, "memberId");
        execute("""
                insert into identity_assignment (workspace_id, client_id, member_id, assigned, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (workspace_id, client_id, member_id) do update set assigned = excluded.assigned,
                    updated_at = excluded.updated_at
                where identity_assignment.updated_at <= excluded.updated_at""",
                workspaceId, clientId, memberId, assigned, at);
    }

    private static <T> T required(ConsumedEvent event, T value, String field) {
        if (value == null) {
            throw new PoisonEventException("identity event " + event.id() + " (" + event.type() + ") lacks " + field, null);
        }
        return value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A text[] parameter. */
    private record TextArray(List<String> values) {
    }

    /** Runs on the connection of the caller's transaction, the one IdempotentConsumer records the event id on. */
    private void execute(String sql, Object... parameters) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(connection, statement, parameters);
                statement.executeUpdate();
            }
        });
    }

    static void bind(Connection connection, PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, Types.OTHER);
            } else if (value instanceof Instant instant) {
                statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (value instanceof TextArray array) {
                statement.setArray(index, connection.createArrayOf("text", array.values().toArray(String[]::new)));
            } else if (value instanceof UUID[] ids) {
                statement.setArray(index, connection.createArrayOf("uuid", ids));
            } else {
                statement.setObject(index, value);
            }
        }
    }
}
