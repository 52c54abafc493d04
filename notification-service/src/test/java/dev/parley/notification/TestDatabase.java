package dev.parley.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * The service's own tables, for what a test cannot see through the API: whether every digest and hand-off of its
 * workspace has been dealt with, and to bring a pending one forward in time ("the clock jumps") so a test decides
 * what happens before it goes instead of racing it.
 */
@ApplicationScoped
public class TestDatabase {
    private final EntityManager entityManager;

    public TestDatabase(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A count query, positional parameters ?1, ?2, ... */
    public long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) query(sql, parameters).getSingleResult()).longValue());
    }

    public int update(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> query(sql, parameters).executeUpdate());
    }

    private Query query(String sql, Object... parameters) {
        Query query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }
}
