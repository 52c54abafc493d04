package dev.parley.conversation.it;

import dev.parley.common.testing.TestPerson;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** HTTP calls to the running service as a real person with a real Keycloak token. */
public final class Api {
    private Api() {
    }

    public static RequestSpecification as(TestPerson person) {
        return RestAssured.given().header("Authorization", person.bearer()).contentType(ContentType.JSON);
    }

    public static String ws(UUID workspaceId) {
        return "/api/v1/workspaces/" + workspaceId;
    }

    public static String conversation(UUID workspaceId, UUID conversationId) {
        return ws(workspaceId) + "/conversations/" + conversationId;
    }

    public static Response post(TestPerson person, UUID workspaceId, UUID conversationId, String body, String clientMessageId) {
        Map<String, Object> json = clientMessageId == null ? Map.of("body", body)
                : Map.of("body", body, "clientMessageId", clientMessageId);
        return as(person).body(json).post(conversation(workspaceId, conversationId) + "/messages");
    }

    public static JsonPath list(TestPerson person, UUID workspaceId, String query) {
        return as(person).get(ws(workspaceId) + "/conversations" + (query == null ? "" : "?" + query))
                .then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the person's conversation list (with {@code query}) satisfies {@code ready}, then returns it. */
    public static JsonPath awaitList(TestPerson person, UUID workspaceId, String query, Predicate<JsonPath> ready) {
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(30).toMillis();
        while (true) {
            Response response = as(person).get(ws(workspaceId) + "/conversations" + (query == null ? "" : "?" + query));
            if (response.statusCode() == 200 && ready.test(response.jsonPath())) {
                return response.jsonPath();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("conversation list never got ready: " + response.statusCode() + " " + response.asString());
            }
            sleep(100);
        }
    }

    /** The single conversation of the kind the person sees (waits for the identity events to be projected). */
    public static UUID awaitConversation(TestPerson person, UUID workspaceId, String kind, UUID clientId) {
        String query = "kind=" + kind + (clientId == null ? "" : "&clientId=" + clientId);
        JsonPath list = awaitList(person, workspaceId, query, j -> !j.getList("items").isEmpty());
        return UUID.fromString(list.getString("items[0].id"));
    }

    public static List<Map<String, Object>> history(TestPerson person, UUID workspaceId, UUID conversationId, String query) {
        return as(person).get(conversation(workspaceId, conversationId) + "/messages" + (query == null ? "" : "?" + query))
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
