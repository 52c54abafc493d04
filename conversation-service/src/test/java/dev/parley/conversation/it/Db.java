package dev.parley.conversation.it;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the service's own tables straight from PostgreSQL, for what the API does not show (counts, event ids). */
final class Db {
    private Db() {
    }

    /** The single number {@code sql} selects (a count), with {@code params} bound in order. */
    static long count(AgroalDataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SQL for a time-ordered id (UUIDv7, like {@code Ids.newId}) taken from the timestamp expression {@code at}:
     * messages written in SQL sort by id as the service's own do (search's "newest" is the id).
     */
    static String timeOrderedId(String at) {
        return "(lpad(to_hex(floor(extract(epoch from " + at + ") * 1000)::bigint), 12, '0') || '7'"
                + " || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid";
    }
}
