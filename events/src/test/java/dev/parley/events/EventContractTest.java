package dev.parley.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the three forms of the contract in step: every record in {@link EventCatalog} is built with every field
 * filled, written with {@link EventJson} and validated against its JSON Schema (which forbids unknown properties,
 * so a renamed or added field fails here); the JSON reads back to an equal record; every schema file belongs to a
 * catalog entry; asyncapi.yaml documents every type.
 */
class EventContractTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @ParameterizedTest
    @EnumSource(EventCatalog.class)
    void everyRecordWritesJsonItsSchemaAccepts(EventCatalog event) throws Exception {
        JsonNode schemaNode = readSchema(event);
        Object sample = SampleRecords.build(event.dataClass(), schemaNode);
        JsonNode json = EventJson.mapper().readTree(EventJson.write(sample));

        Set<ValidationMessage> errors = schema(schemaNode).validate(json);
        assertTrue(errors.isEmpty(), event.type() + " sample " + json + " breaks its schema: " + errors);
        assertEquals(sample, EventJson.read(EventJson.write(sample), event.dataClass()), "JSON round trip of " + event.type());
    }

    @ParameterizedTest
    @EnumSource(EventCatalog.class)
    void schemaRejectsUnknownFieldsAndMissingRequiredOnes(EventCatalog event) throws Exception {
        JsonNode schemaNode = readSchema(event);
        JsonNode json = EventJson.mapper().readTree(EventJson.write(SampleRecords.build(event.dataClass(), schemaNode)));

        var withExtra = json.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withExtra).put("notInTheContract", 1);
        assertTrue(!schema(schemaNode).validate(withExtra).isEmpty(), event.type() + " accepts an unknown field");

        var withoutWorkspace = json.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutWorkspace).remove("workspaceId");
        assertTrue(!schema(schemaNode).validate(withoutWorkspace).isEmpty(), event.type() + " accepts data without workspaceId");
    }

    @Test
    void everySchemaFileBelongsToACatalogEntry() throws IOException {
        Set<String> catalogued = Arrays.stream(EventCatalog.values()).map(e -> e.type() + ".json").collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
            List<String> orphans = files.map(p -> p.getFileName().toString()).filter(f -> !catalogued.contains(f)).toList();
            assertTrue(orphans.isEmpty(), "schemas without a catalog entry: " + orphans);
        }
    }

    @Test
    void asyncApiDocumentsEveryType() throws IOException {
        String asyncapi = Files.readString(Path.of("asyncapi.yaml"));
        Object parsed = new org.yaml.snakeyaml.Yaml().load(asyncapi);
        assertNotNull(parsed);
        List<String> missing = Arrays.stream(EventCatalog.values())
                .filter(e -> !asyncapi.contains("name: " + e.type()) || !asyncapi.contains("schemas/" + e.type() + ".json"))
                .map(EventCatalog::type).toList();
        assertTrue(missing.isEmpty(), "asyncapi.yaml lacks " + missing);
    }

    @Test
    void typesFollowTheNamingRule() {
        for (EventCatalog e : EventCatalog.values()) {
            assertTrue(e.type().matches("parley\\.[a-z]+\\.[a-z.]+\\.v\\d+"), e.type());
        }
    }

    private static JsonNode readSchema(EventCatalog event) throws IOException {
        try (InputStream in = EventCatalog.class.getClassLoader().getResourceAsStream(event.schemaResource())) {
            assertNotNull(in, "missing schema " + event.schemaResource());
            return EventJson.mapper().readTree(in);
        }
    }

    private static JsonSchema schema(JsonNode node) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return FACTORY.getSchema(node, config);
    }

    /** Builds a record with every component set; string components take their schema's first enum value. */
    static final class SampleRecords {
        static Object build(Class<?> type, JsonNode schema) throws Exception {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                JsonNode property = schema.path("properties").path(components[i].getName());
                args[i] = value(components[i].getGenericType(), property);
            }
            return type.getDeclaredConstructor(types).newInstance(args);
        }

        private static Object value(Type generic, JsonNode property) throws Exception {
            Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
            if (raw == UUID.class) return UUID.randomUUID();
            if (raw == String.class) {
                if (property.has("enum")) return property.get("enum").get(0).asText();
                if (property.has("const")) return property.get("const").asText();
                return "sample";
            }
            if (raw == Instant.class) return Instant.parse("2026-11-22T10:15:30.123Z");
            if (raw == long.class || raw == Long.class) return 7L;
            if (raw == int.class || raw == Integer.class) return 7;
            if (raw == boolean.class || raw == Boolean.class) return true;
            if (raw == List.class) {
                Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
                return List.of(value(element, property.path("items")));
            }
            if (raw == Set.class) {
                Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
                return Set.of(value(element, property.path("items")));
            }
            if (raw.isEnum()) return raw.getEnumConstants()[0];
            if (raw.isRecord()) return build(raw, property);
            throw new IllegalStateException("no sample for " + generic + "; teach SampleRecords this type");
        }
    }
}
