package dev.parley.common.identity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Answers "who is this caller in this workspace, and what may they do" from the local identity projection that
 * {@link IdentityProjection} keeps. Nothing is cached: every call reads the tables (by primary key or a partial
 * index), so a permission change applies to the next request after the event arrived.
 *
 * <p>A person may be a member of one workspace and a client of another: the answer is always per workspace.
 */
@ApplicationScoped
public class IdentityDirectory {
    private static final String MEMBER_COLUMNS = "workspace_id, member_id, user_id, display_name, email, permissions";
    private static final String CLIENT_COLUMNS = "workspace_id, client_id, user_id, display_name, email, mobile, organisation_id";
    /** A client row exists before ClientRegistered when an organisation event was seen first; it is nobody yet. */
    private static final String LIVE_CLIENT = "not deleted and display_name is not null";

    private final AgroalDataSource dataSource;

    public IdentityDirectory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The caller (token subject) in the workspace: a member, a client, or empty (answer 404). */
    public Optional<Principal> principal(UUID workspaceId, String userId) {
        if (workspaceId == null || userId == null) {
            return Optional.empty();
        }
        Optional<MemberPrincipal> member = queryOne("select " + MEMBER_COLUMNS
                + " from identity_member where workspace_id = ? and user_id = ? and not removed",
                IdentityDirectory::member, workspaceId, userId);
        if (member.isPresent()) {
            return Optional.of(member.get());
        }
        return queryOne("select " + CLIENT_COLUMNS + " from identity_client where workspace_id = ? and user_id = ? and "
                + LIVE_CLIENT, IdentityDirectory::client, workspaceId, userId).map(Principal.class::cast);
    }

    public Optional<WorkspaceSettings> workspace(UUID workspaceId) {
        return queryOne("""
                select workspace_id, name, messaging_enabled, contact_button_after_booking, read_receipts,
                    typing_indicator, private_messaging_enabled, default_client_channel, welcome_message,
                    clients_see_participants, history_visible_to_new_participants, attachment_max_bytes,
                    email_digest_minutes
                from identity_workspace where workspace_id = ?""",
                rs -> new WorkspaceSettings(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8),
                        rs.getString(9), rs.getBoolean(10), rs.getBoolean(11), rs.getLong(12), rs.getInt(13)),
                workspaceId);
    }

    public Optional<ClientPrincipal> client(UUID workspaceId, UUID clientId) {
        return queryOne("select " + CLIENT_COLUMNS + " from identity_client where workspace_id = ? and client_id = ? and "
                + LIVE_CLIENT, IdentityDirectory::client, workspaceId, clientId);
    }

    public Optional<MemberPrincipal> member(UUID workspaceId, UUID memberId) {
        return queryOne("select " + MEMBER_COLUMNS
                + " from identity_member where workspace_id = ? and member_id = ? and not removed",
                IdentityDirectory::member, workspaceId, memberId);
    }

    /** The workspace's current team, in the order they joined (member ids are time-ordered). */
    public List<MemberPrincipal> members(UUID workspaceId) {
        return query("select " + MEMBER_COLUMNS + " from identity_member where workspace_id = ? and not removed order by member_id",
                IdentityDirectory::member, workspaceId);
    }

    public List<ClientPrincipal> clientsOfOrganisation(UUID workspaceId, UUID organisationId) {
        return query("select " + CLIENT_COLUMNS + " from identity_client where workspace_id = ? and organisation_id = ? and "
                + LIVE_CLIENT + " order by client_id", IdentityDirectory::client, workspaceId, organisationId);
    }

    public List<ClientPrincipal> clients(UUID workspaceId) {
        return query("select " + CLIENT_COLUMNS + " from identity_client where workspace_id = ? and " + LIVE_CLIENT
                + " order by client_id", IdentityDirectory::client, workspaceId);
    }

    /** The live clients among {@code clientIds}, by client id (deleted or unknown ones are absent). */
    public Map<UUID, ClientPrincipal> clients(UUID workspaceId, Collection<UUID> clientIds) {
        Map<UUID, ClientPrincipal> found = new HashMap<>();
        query("select " + CLIENT_COLUMNS + " from identity_client where workspace_id = ? and client_id = any(?) and "
                + LIVE_CLIENT, IdentityDirectory::client, workspaceId, clientIds.toArray(UUID[]::new))
                .forEach(c -> found.put(c.clientId(), c));
        return found;
    }

    /** {@link #assignedMemberIds(UUID, UUID)} for many clients in one query; clients with nobody assigned are absent. */
    public Map<UUID, Set<UUID>> assignedMemberIds(UUID workspaceId, Collection<UUID> clientIds) {
        Map<UUID, Set<UUID>> assigned = new HashMap<>();
        query("""
                select a.client_id, a.member_id from identity_assignment a
                join identity_member m on m.workspace_id = a.workspace_id and m.member_id = a.member_id and not m.removed
                where a.workspace_id = ? and a.client_id = any(?) and a.assigned order by a.member_id""",
                rs -> new UUID[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}, workspaceId,
                clientIds.toArray(UUID[]::new))
                .forEach(row -> assigned.computeIfAbsent(row[0], k -> new LinkedHashSet<>()).add(row[1]));
        return assigned;
    }

    /** The current members assigned to serve the client (removed members and deleted clients have none). */
    public Set<UUID> assignedMemberIds(UUID workspaceId, UUID clientId) {
        return new LinkedHashSet<>(query("""
                select a.member_id from identity_assignment a
                join identity_member m on m.workspace_id = a.workspace_id and m.member_id = a.member_id and not m.removed
                where a.workspace_id = ? and a.client_id = ? and a.assigned order by a.member_id""",
                rs -> rs.getObject(1, UUID.class), workspaceId, clientId));
    }

    /** The live clients the member (while in the workspace) is assigned to serve, in one query. */
    public Set<UUID> assignedClientIds(UUID workspaceId, UUID memberId) {
        return new LinkedHashSet<>(query("""
                select a.client_id from identity_assignment a
                join identity_member m on m.workspace_id = a.workspace_id and m.member_id = a.member_id and not m.removed
                where a.workspace_id = ? and a.member_id = ? and a.assigned
                  and a.client_id in (select client_id from identity_client where workspace_id = a.workspace_id"""
                + " and " + LIVE_CLIENT + ") order by a.client_id", rs -> rs.getObject(1, UUID.class), workspaceId, memberId));
    }

    public boolean isAssigned(UUID workspaceId, UUID clientId, UUID memberId) {
        return queryOne("""
                select 1 from identity_assignment a
                join identity_member m on m.workspace_id = a.workspace_id and m.member_id = a.member_id and not m.removed
                where a.workspace_id = ? and a.client_id = ? and a.member_id = ? and a.assigned""",
                rs -> Boolean.TRUE, workspaceId, clientId, memberId).isPresent();
    }

    private static MemberPrincipal member(ResultSet rs) throws SQLException {
        return new MemberPrincipal(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), permissions(rs.getArray(6)));
    }

    private static ClientPrincipal client(ResultSet rs) throws SQLException {
        return new ClientPrincipal(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class));
    }

    /** Permission names this version does not know (granted by a newer identity service) grant nothing here. */
    private static Set<Permission> permissions(Array array) throws SQLException {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        if (array != null) {
            for (Object key : (Object[]) array.getArray()) {
                Permission.fromKey(String.valueOf(key)).ifPresent(permissions::add);
            }
        }
        return Set.copyOf(permissions);
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = query(sql, mapper, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        for (Object parameter : parameters) {
            if (parameter == null) {
                return List.of(); // a missing id matches nothing
            }
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            IdentityProjection.bind(connection, statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("identity projection query failed: " + e.getMessage(), e);
        }
    }
}
