package dev.parley.common.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.common.testing.AccessTable;
import dev.parley.common.testing.LocalStack;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.ws.rs.core.Response;
import org.hibernate.JDBCException;
import org.hibernate.engine.jdbc.spi.SqlExceptionHelper;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A database outage is a 503 {@code unavailable} with Retry-After, shown with the exceptions real parts throw: the
 * PostgreSQL driver refused at a closed port (127.0.0.1:1, nothing listens there), an Agroal pool pointed at it,
 * one pointed at a socket that accepts and never answers (a hung server), and a real acquisition timeout of a
 * one-connection pool on the shared PostgreSQL whose only connection is held,
 * each wrapped as Hibernate wraps a failed connection acquisition. The shared PostgreSQL is never stopped. A real
 * SQL error from the live database stays a 500: only unreachability is retryable.
 */
class DatabaseOutageTest {
    private static final String CLOSED_PORT = "jdbc:postgresql://127.0.0.1:1/parley?connectTimeout=5";
    private static final SqlExceptionHelper HIBERNATE = new SqlExceptionHelper(false);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDriverRefusedAtAClosedPortIsA503() {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(CLOSED_PORT, "parley", "parley").close());
        assertUnavailable(HIBERNATE.convert(refused, "Unable to acquire JDBC Connection"));
        // common's IdentityDirectory wraps its SQLExceptions this way
        assertUnavailable(new IllegalStateException("identity projection query failed", refused));
    }

    @Test
    void anAgroalPoolThatCannotReachTheDatabaseIsA503() throws SQLException {
        try (AgroalDataSource pool = pool(CLOSED_PORT)) {
            SQLException failed = assertThrows(SQLException.class, () -> pool.getConnection().close());
            assertUnavailable(HIBERNATE.convert(failed, "Unable to acquire JDBC Connection"));
        }
    }

    @Test
    void anAgroalAcquisitionTimeoutIsA503() throws SQLException {
        try (AgroalDataSource pool = pool(LocalStack.JDBC_URL); Connection held = pool.getConnection()) {
            assertFalse(held.isClosed());
            SQLException timedOut = assertThrows(SQLException.class, () -> pool.getConnection().close());
            assertEquals(null, timedOut.getSQLState(), "Agroal's timeout carries no SQLState: " + timedOut);
            assertUnavailable(HIBERNATE.convert(timedOut, "Unable to acquire JDBC Connection"));
        }
    }

    @Test
    void aDatabaseThatAcceptsButNeverAnswersIsA503() throws Exception {
        // a listening socket that never speaks PostgreSQL: Agroal gives up on opening a connection to it
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             AgroalDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/parley")) {
            SQLException timedOut = assertThrows(SQLException.class, () -> pool.getConnection().close());
            assertUnavailable(HIBERNATE.convert(timedOut, "Unable to acquire JDBC Connection"));
        }
    }

    @Test
    void anSqlErrorFromALiveDatabaseStaysA500() throws SQLException {
        try (Connection live = DriverManager.getConnection(LocalStack.JDBC_URL, "parley", "parley")) {
            SQLException syntax = assertThrows(SQLException.class, () -> live.createStatement().execute("selec 1"));
            JDBCException wrapped = HIBERNATE.convert(syntax, "a query");
            assertFalse(DatabaseOutage.isCause(wrapped));
            assertEquals(500, new ProblemMappers().unexpected(wrapped, null).getStatus());
        }
        assertFalse(DatabaseOutage.isCause(new IllegalStateException("not a database failure")));
    }

    /** A one-connection pool with a short acquisition timeout (a second borrower waits 2 s, then gives up). */
    private static AgroalDataSource pool(String url) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .maxSize(1)
                .acquisitionTimeout(Duration.ofSeconds(2))
                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                        .principal(new NamePrincipal("parley")).credential(new SimplePassword("parley")))));
    }

    private static void assertUnavailable(Throwable failure) {
        Response response = new ProblemMappers().unexpected(failure, null);
        assertEquals(503, response.getStatus(), failure.toString());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(String.valueOf(ProblemMappers.RETRY_AFTER_SECONDS), String.valueOf(response.getHeaderString("Retry-After")));
        Problem problem = (Problem) response.getEntity();
        assertEquals("unavailable", problem.code());
        assertEquals(503, problem.status());
        try {
            AccessTable.assertNoLeak(JSON.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
