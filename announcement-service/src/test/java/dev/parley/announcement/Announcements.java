package dev.parley.announcement;

import dev.parley.common.testing.TestPerson;
import dev.parley.common.testing.TopicWatcher;
import dev.parley.events.EventCatalog;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/** Calls of the announcements API with a real token, and matchers for its events. */
final class Announcements {
    private Announcements() {
    }

    static String path(UUID workspaceId) {
        return "/api/v1/workspaces/" + workspaceId + "/announcements";
    }

    static Map<String, Object> draft(String body, String kind, List<UUID> ids, String delivery) {
        Map<String, Object> audience = ids == null ? Map.of("kind", kind) : Map.of("kind", kind, "ids", ids);
        return Map.of("body", body, "audience", audience, "delivery", delivery, "highlighted", true);
    }

    static ValidatableResponse create(TestPerson who, UUID workspaceId, Object request) {
        return given().auth().oauth2(who.token()).contentType("application/json").body(request)
                .post(path(workspaceId)).then();
    }

    static UUID createDraft(TestPerson who, UUID workspaceId, Object request) {
        return UUID.fromString(create(who, workspaceId, request).statusCode(201).extract().path("id"));
    }

    static ValidatableResponse publish(TestPerson who, UUID workspaceId, UUID id, Object request) {
        var spec = given().auth().oauth2(who.token()).contentType("application/json");
        if (request != null) {
            spec = spec.body(request);
        }
        return spec.post(path(workspaceId) + "/" + id + "/publish").then();
    }

    static ValidatableResponse cancel(TestPerson who, UUID workspaceId, UUID id) {
        return given().auth().oauth2(who.token()).post(path(workspaceId) + "/" + id + "/cancel").then();
    }

    static ValidatableResponse get(TestPerson who, UUID workspaceId, UUID id) {
        return given().auth().oauth2(who.token()).get(path(workspaceId) + "/" + id).then();
    }

    static Predicate<ConsumerRecord<String, byte[]>> of(EventCatalog type, UUID announcementId) {
        return r -> TopicWatcher.ofType(type.type()).test(r) && announcementId.toString().equals(r.key());
    }
}
