package dev.parley.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The poison fault's expectation comes from the services' own configuration, test-profile keys left out. */
class TopologyTest {
    @Test
    void eachDeadLetteringConsumerOfATopicExpectsThePoisonOnce() {
        Topology topology = new Topology();
        topology.add(List.of(
                "mp.messaging.incoming.message-events.topic=parley.messages.v1",
                "mp.messaging.incoming.message-events.dead-letter-queue.topic=parley.messages.v1.dlq.a",
                "%test.mp.messaging.incoming.message-events.dead-letter-queue.topic=parley.messages.v1.dlq.a-test",
                "mp.messaging.incoming.identity-events.topic=parley.identity.v1"));
        topology.add(List.of(
                "mp.messaging.incoming.messages.topic=parley.messages.v1",
                "mp.messaging.incoming.messages.dead-letter-queue.topic=parley.messages.v1.dlq.b"));
        assertEquals(Map.of("parley.messages.v1", List.of("parley.messages.v1.dlq.a", "parley.messages.v1.dlq.b"),
                "parley.identity.v1", List.of()), topology.deadLetters);
        assertEquals(List.of("parley.identity.v1", "parley.messages.v1"), List.copyOf(topology.consumed));
    }
}
