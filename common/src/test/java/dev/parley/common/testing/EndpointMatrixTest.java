package dev.parley.common.testing;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The base of each service's authorization matrix: a {@code @QuarkusTest} subclass gives its table
 * ({@link #build()}, made once per class) and gets one dynamic test per check, the OpenAPI coverage check, and
 * {@link HostileInput} on every endpoint of the table.
 */
public abstract class EndpointMatrixTest {
    private static final Map<Class<?>, AccessTable> BUILT = new ConcurrentHashMap<>();

    /** The cast, the data the rows need and the table; called once (the service is up, its beans injected). */
    protected abstract AccessTable build();

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryActor() {
        return table().checks();
    }

    /** Hostile input on the same endpoints; override to name server-owned fields and what must stay unstored. */
    protected HostileInput hostile(AccessTable table) {
        return new HostileInput(table);
    }

    @TestFactory
    Stream<DynamicTest> hostileInputOnEveryEndpoint() {
        return hostile(table()).checks();
    }

    @Test
    void everyEndpointOfTheOpenApiDocumentHasARow() {
        table().assertCoversOpenApi();
    }

    private AccessTable table() {
        return BUILT.computeIfAbsent(getClass(), c -> build());
    }
}
