package dev.parley.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.parley.common.consume.IdempotentConsumer;
import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.IdentityProjection;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.parley.common.testing.TopicWatcher.header;
import static dev.parley.identity.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The events this service publishes, read back from the real topic: each once, with CloudEvents headers, key
 * workspaceId and data its schema accepts. Then the same records go through common's IdentityProjection, as
 * every other service will apply them, and IdentityDirectory answers from the result.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class IdentityEventsTest {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    IdentityProjection projection;
    @Inject
    IdentityDirectory directory;

    @Test
    void everyIdentityEventIsPublishedOnceWithAValidSchemaAndProjects() throws Exception {
        try (TopicWatcher topic = TopicWatcher.open(Topics.IDENTITY)) {
            Api.Scenario s = Api.workspace("Eve");
            String ws = s.workspaceId().toString();
            TestPerson tom = Keycloak.person("Tom");
            TestPerson carla = Keycloak.person("Carla");

            as(s.owner()).body(Map.of("messagingEnabled", false)).put(s.path("/settings/chat")).then().statusCode(200);
            String tomId = Api.member(s, tom, Api.groupId(s, "Team member"));
            String viewOnly = Api.group(s, "View only", "chats.access");
            as(s.owner()).body(Map.of("groupIds", List.of(viewOnly))).put(s.path("/members/" + tomId)).then().statusCode(200);
            String org = as(s.owner()).body(Map.of("name", "Acme")).post(s.path("/organisations")).then().extract().path("id");
            String carlaId = as(s.owner()).body(Map.of("email", carla.email(), "organisationId", org, "mobile", "+447700900123"))
                    .post(s.path("/clients")).then().statusCode(201).extract().path("id");
            as(s.owner()).body(Map.of("displayName", "Carla C.", "email", carla.email(), "mobile", "+447700900123")).put(s.path("/clients/" + carlaId)).then().statusCode(200);
            as(s.owner()).put(s.path("/clients/" + carlaId + "/assignments/" + tomId)).then().statusCode(204);

            // the projection as another service holds it, mid-story: Tom is assigned and sees, but does not reply
            List<ConsumerRecord<String, byte[]>> firstPart = topic.await(r -> ws.equals(header(r, CloudEventHeaders.WORKSPACE_ID)), 9);
            project(firstPart);
            MemberPrincipal tomHere = (MemberPrincipal) directory.principal(s.workspaceId(), tom.userId()).orElseThrow();
            assertEquals(Set.of(Permission.CHATS_ACCESS), tomHere.permissions());
            assertTrue(directory.isAssigned(s.workspaceId(), UUID.fromString(carlaId), UUID.fromString(tomId)));
            assertEquals(Set.of(UUID.fromString(tomId)), directory.assignedMemberIds(s.workspaceId(), UUID.fromString(carlaId)));
            ClientPrincipal carlaHere = (ClientPrincipal) directory.principal(s.workspaceId(), carla.userId()).orElseThrow();
            assertEquals("Carla C.", carlaHere.displayName());
            assertEquals("+447700900123", carlaHere.mobile());
            assertEquals(UUID.fromString(org), carlaHere.organisationId());
            assertEquals(1, directory.clientsOfOrganisation(s.workspaceId(), UUID.fromString(org)).size());
            assertFalse(directory.workspace(s.workspaceId()).orElseThrow().messagingEnabled());
            assertEquals(2, directory.members(s.workspaceId()).size());
            assertTrue(((MemberPrincipal) directory.principal(s.workspaceId(), s.owner().userId()).orElseThrow())
                    .permissions().containsAll(Set.of(Permission.values())));

            as(s.owner()).delete(s.path("/clients/" + carlaId + "/assignments/" + tomId)).then().statusCode(204);
            as(s.owner()).delete(s.path("/organisations/" + org + "/clients/" + carlaId)).then().statusCode(204);
            as(s.owner()).delete(s.path("/clients/" + carlaId)).then().statusCode(204);
            as(s.owner()).delete(s.path("/members/" + tomId)).then().statusCode(204);

            List<ConsumerRecord<String, byte[]>> records = topic.await(r -> ws.equals(header(r, CloudEventHeaders.WORKSPACE_ID)), 13,
                    Duration.ofSeconds(30), Duration.ofSeconds(2));
            Map<String, Long> counts = records.stream().collect(Collectors.groupingBy(r -> header(r, CloudEventHeaders.TYPE), Collectors.counting()));
            Map<String, Long> expected = new java.util.HashMap<>();
            for (EventCatalog e : EventCatalog.values()) {
                if (e.topic().equals(Topics.IDENTITY)) {
                    expected.put(e.type(), 1L);
                }
            }
            expected.put("parley.member.joined.v1", 2L); // the owner and Tom
            assertEquals(expected, counts, "each identity event exactly once");
            assertEquals(records.size(), records.stream().map(r -> header(r, CloudEventHeaders.ID)).distinct().count());

            for (ConsumerRecord<String, byte[]> record : records) {
                assertEquals(ws, record.key(), "key is the workspace id");
                assertEquals("1.0", header(record, CloudEventHeaders.SPEC_VERSION));
                assertEquals("/parley/identity-permission-service", header(record, CloudEventHeaders.SOURCE));
                assertNotNull(header(record, CloudEventHeaders.TIME));
                EventCatalog type = EventCatalog.byType(header(record, CloudEventHeaders.TYPE)).orElseThrow();
                JsonNode data = EventJson.mapper().readTree(record.value());
                var errors = schema(type).validate(data);
                assertTrue(errors.isEmpty(), type.type() + " " + data + " breaks its schema: " + errors);
            }
            JsonNode changed = EventJson.mapper().readTree(records.stream()
                    .filter(TopicWatcher.ofType("parley.chatsettings.changed.v1")).findFirst().orElseThrow().value());
            assertEquals("messagingEnabled", changed.get("changed").get(0).asText());

            // the rest of the story, then a full redelivery: every record is a duplicate and changes nothing
            project(records);
            assertEquals(0, consumer.apply("identity-events-test", "identity-events-test", records, projection::apply));
            assertTrue(directory.principal(s.workspaceId(), tom.userId()).isEmpty(), "removed member is nobody");
            assertTrue(directory.principal(s.workspaceId(), carla.userId()).isEmpty(), "deleted client is nobody");
            assertTrue(directory.clients(s.workspaceId()).isEmpty());
            assertFalse(directory.isAssigned(s.workspaceId(), UUID.fromString(carlaId), UUID.fromString(tomId)));
            assertEquals(1, directory.members(s.workspaceId()).size());
        }
    }

    @Test
    void aMemberOfOneWorkspaceAndAClientOfAnotherGetsTheRightPrincipalInEach() {
        try (TopicWatcher topic = TopicWatcher.open(Topics.IDENTITY)) {
            Api.Scenario salon = Api.workspace("Sara");
            Api.Scenario vet = Api.workspace("Vera");
            TestPerson pat = Keycloak.person("Pat");
            String memberId = Api.member(salon, pat, Api.group(salon, "Front desk", "chats.access", "clients.manage"));
            String clientId = Api.client(vet, pat);

            // this service's own view
            as(pat).get("/api/v1/me").then().statusCode(200)
                    .body("workspaces.find { it.workspaceId == '" + salon.workspaceId() + "' }.role", equalTo("MEMBER"))
                    .body("workspaces.find { it.workspaceId == '" + salon.workspaceId() + "' }.memberId", equalTo(memberId))
                    .body("workspaces.find { it.workspaceId == '" + vet.workspaceId() + "' }.role", equalTo("CLIENT"))
                    .body("workspaces.find { it.workspaceId == '" + vet.workspaceId() + "' }.clientId", equalTo(clientId));
            as(pat).get(salon.path("/clients")).then().statusCode(200);
            Api.problem(as(pat).get(vet.path("/clients")).then(), 403, "forbidden");
            as(pat).get(vet.path("/clients/" + clientId)).then().statusCode(200);

            // and the projection's
            Set<String> both = Set.of(salon.workspaceId().toString(), vet.workspaceId().toString());
            project(topic.await(r -> both.contains(header(r, CloudEventHeaders.WORKSPACE_ID)), 6));
            Principal asMember = directory.principal(salon.workspaceId(), pat.userId()).orElseThrow();
            Principal asClient = directory.principal(vet.workspaceId(), pat.userId()).orElseThrow();
            assertEquals(Set.of(Permission.CHATS_ACCESS, Permission.CLIENTS_MANAGE), ((MemberPrincipal) asMember).permissions());
            assertEquals(UUID.fromString(clientId), ((ClientPrincipal) asClient).clientId());
            assertEquals(Optional.empty(), directory.member(vet.workspaceId(), UUID.fromString(memberId)));
        }
    }

    private void project(List<ConsumerRecord<String, byte[]>> records) {
        consumer.apply("identity-events-test", "identity-events-test", records, projection::apply);
    }

    private static JsonSchema schema(EventCatalog type) throws Exception {
        try (InputStream in = EventCatalog.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            return SCHEMAS.getSchema(EventJson.mapper().readTree(in),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

}
