package dev.parley.common.problem;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Recognises "the database cannot be reached right now" in whatever a request failed with, so it is answered as a
 * retryable 503 {@code unavailable} instead of a 500: PostgreSQL stopped, restarting or refusing connections, the
 * network to it broken, or no pooled connection free within Agroal's acquisition timeout.
 *
 * <p>The failure arrives wrapped differently on each path (Hibernate's JDBCConnectionException or
 * GenericJDBCException inside a PersistenceException, a transaction exception, common's IdentityDirectory's
 * IllegalStateException), so the whole cause chain is searched for the SQLException underneath. It is recognised by
 * its SQLState, which the JDBC standard and PostgreSQL define, not by class: class 08 (connection exception),
 * 57P01–57P03 (the server is shutting down, crashed, or not accepting connections yet) and 53300 (too many
 * connections). Agroal's acquisition timeout has no SQLState; its message is the only mark it carries.
 */
public final class DatabaseOutage {
    /**
     * What io.agroal.pool.ConnectionPool's SQLExceptions say when no connection came within the acquisition timeout:
     * "Sorry, acquisition timeout!" (none freed up), "Acquisition timeout while waiting for new connection" (a new
     * one could not be opened in time), compared ignoring case.
     */
    static final String AGROAL_ACQUISITION_TIMEOUT = "acquisition timeout";

    private DatabaseOutage() {
    }

    /** True when {@code failure} or any of its causes says the database is unreachable. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && unreachable(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                    || state.equals("53300");
        }
        return e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains(AGROAL_ACQUISITION_TIMEOUT);
    }
}
