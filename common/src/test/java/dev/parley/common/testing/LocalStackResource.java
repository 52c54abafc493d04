package dev.parley.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** {@code @QuarkusTestResource(LocalStackResource.class)}: the real stack is up before the application boots. */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        LocalStack.ensureUp();
        SuffixedConsumerGroups.skipHistory();
        return Map.of();
    }

    @Override
    public void stop() {
        // the stack outlives a test class; ./parley test stops what it started
    }
}
