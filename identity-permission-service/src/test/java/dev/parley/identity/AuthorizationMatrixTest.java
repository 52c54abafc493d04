package dev.parley.identity;

import dev.parley.common.identity.Permission;
import dev.parley.common.testing.AccessTable;
import dev.parley.common.testing.Actors;
import dev.parley.common.testing.HostileInput;
import dev.parley.common.testing.EndpointMatrixTest;
import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.parley.identity.Api.as;

/**
 * Every endpoint of this service × every actor of {@link Actors} (DESIGN sections 2 and 3, this README's "who"
 * column): built-in groups and single-permission custom groups made through this service's own API, real tokens.
 * Rules: nobody in the workspace → 404; a client on a team endpoint or a member without the permission → 403;
 * another client's record → 404 (clients never learn about each other).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AuthorizationMatrixTest extends EndpointMatrixTest {
    static final String TABLE = """
            METHOD path                                                          owner admin office member access reply private announce manage settings team clients assigned client orgClient otherWs
            GET    /api/v1/me                                                    200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       200
            POST   /api/v1/workspaces                                            201   201   201    201    201    201   201     201      201    201      201  201     201      201    201       201
            GET    /api/v1/workspaces/{ws}                                       200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            GET    /api/v1/workspaces/{ws}/settings/chat                         200   200   200    200    200    200   200     200      200    200      200  200     200      200    200       404
            PUT    /api/v1/workspaces/{ws}/settings/chat                         200   200   403    403    403    403   403     403      403    200      403  403     403      403    403       404
            GET    /api/v1/workspaces/{ws}/permission-groups                     200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            POST   /api/v1/workspaces/{ws}/permission-groups                     201   201   403    403    403    403   403     403      403    403      201  403     403      403    403       404
            GET    /api/v1/workspaces/{ws}/permission-groups/{groupId}           200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            PUT    /api/v1/workspaces/{ws}/permission-groups/{groupId}           200   200   403    403    403    403   403     403      403    403      200  403     403      403    403       404
            DELETE /api/v1/workspaces/{ws}/permission-groups/{groupId}           204   204   403    403    403    403   403     403      403    403      204  403     403      403    403       404
            GET    /api/v1/workspaces/{ws}/members                               200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            POST   /api/v1/workspaces/{ws}/members                               201   201   403    403    403    403   403     403      403    403      201  403     403      403    403       404
            GET    /api/v1/workspaces/{ws}/members/{memberId}                    200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            PUT    /api/v1/workspaces/{ws}/members/{memberId}                    200   200   403    403    403    403   403     403      403    403      200  403     403      403    403       404
            DELETE /api/v1/workspaces/{ws}/members/{memberId}                    204   204   403    403    403    403   403     403      403    403      204  403     403      403    403       404
            GET    /api/v1/workspaces/{ws}/clients                               200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            POST   /api/v1/workspaces/{ws}/clients                               201   201   201    403    403    403   403     403      403    403      403  201     403      403    403       404
            GET    /api/v1/workspaces/{ws}/clients/{clientId}                    200   200   200    200    200    200   200     200      200    200      200  200     200      200    404       404
            PUT    /api/v1/workspaces/{ws}/clients/{clientId}                    200   200   200    403    403    403   403     403      403    403      403  200     403      403    403       404
            DELETE /api/v1/workspaces/{ws}/clients/{clientId}                    204   204   204    403    403    403   403     403      403    403      403  204     403      403    403       404
            PUT    /api/v1/workspaces/{ws}/clients/{clientId}/assignments/{memberId}    204 204 204 403 403 403 403 403 403 403 403 204 403 403 403 404
            DELETE /api/v1/workspaces/{ws}/clients/{clientId}/assignments/{memberId}    204 204 204 403 403 403 403 403 403 403 403 204 403 403 403 404
            GET    /api/v1/workspaces/{ws}/organisations                         200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            POST   /api/v1/workspaces/{ws}/organisations                         201   201   201    403    403    403   403     403      403    403      403  201     403      403    403       404
            GET    /api/v1/workspaces/{ws}/organisations/{orgId}                 200   200   200    200    200    200   200     200      200    200      200  200     200      403    403       404
            DELETE /api/v1/workspaces/{ws}/organisations/{orgId}                 204   204   204    403    403    403   403     403      403    403      403  204     403      403    403       404
            POST   /api/v1/workspaces/{ws}/organisations/{orgId}/clients/{clientId}    200 200 200 403 403 403 403 403 403 403 403 200 403 403 403 404
            DELETE /api/v1/workspaces/{ws}/organisations/{orgId}/clients/{clientId}    204 204 204 403 403 403 403 403 403 403 403 204 403 403 403 404
            """;

    static Actors actors;
    static UUID spareGroup;
    static UUID spareMember;
    static UUID spareClient;

    @Override
    protected AccessTable build() {
        actors = Actors.build(ApiStaffing::new);
        ApiStaffing ws = (ApiStaffing) actors.workspace();
        spareGroup = UUID.fromString(Api.group(ws.scenario, "Spare", "chats.access"));
        spareMember = ws.member(Keycloak.person("Spare"));
        spareClient = ws.client(Keycloak.person("SpareClient"), null);
        return AccessTable.parse(TABLE, actors)
                .param("groupId", call -> call.row().method().equals("DELETE")
                        ? Api.group(ws.scenario, "Doomed " + UUID.randomUUID(), "chats.access") : spareGroup.toString())
                .param("memberId", call -> memberFor(ws, call))
                .param("clientId", call -> clientFor(ws, call))
                .param("orgId", call -> call.row().method().equals("GET") ? actors.organisationA().toString()
                        : ws.organisation("Org " + UUID.randomUUID()).toString())
                .body("POST /api/v1/workspaces", call -> Map.of("name", "Made by " + call.actor()))
                .body("PUT /api/v1/workspaces/{ws}/settings/chat", call -> Map.of("readReceipts", true))
                .body("POST /api/v1/workspaces/{ws}/permission-groups",
                        call -> Map.of("name", "Group " + UUID.randomUUID(), "permissions", List.of("chats.access")))
                .body("PUT /api/v1/workspaces/{ws}/permission-groups/{groupId}",
                        call -> Map.of("name", "Spare", "permissions", List.of("chats.access")))
                .body("POST /api/v1/workspaces/{ws}/members", call -> Map.of("email", UUID.randomUUID() + "@test.parley.local"))
                .body("PUT /api/v1/workspaces/{ws}/members/{memberId}", call -> Map.of("displayName", "Spare Member"))
                .body("POST /api/v1/workspaces/{ws}/clients",
                        call -> Map.of("email", UUID.randomUUID() + "@test.parley.local", "displayName", "New client"))
                .body("PUT /api/v1/workspaces/{ws}/clients/{clientId}",
                        call -> Map.of("displayName", "Spare Client", "email", "spare-client@test.parley.local"))
                .body("POST /api/v1/workspaces/{ws}/organisations", call -> Map.of("name", "Org " + UUID.randomUUID()));
    }

    /** GET a member of the workspace; DELETE a fresh one; PUT and assignments the spare one. */
    private static String memberFor(ApiStaffing ws, AccessTable.Call call) {
        if (call.row().path().endsWith("/members/{memberId}") && call.row().method().equals("DELETE")) {
            return ws.member(Keycloak.person("Doomed")).toString();
        }
        if (call.row().path().endsWith("/members/{memberId}") && call.row().method().equals("GET")) {
            return actors.memberId("owner").toString();
        }
        return spareMember.toString();
    }

    /**
     * GET the actor {@code client}'s record; PUT the spare client; everything that deletes or moves a client a
     * fresh one (assignment deletes: a fresh client assigned to the spare member; organisation deletes: a fresh
     * client in organisation {orgId}, which the row made just before).
     */
    private static String clientFor(ApiStaffing ws, AccessTable.Call call) {
        String path = call.row().path();
        String method = call.row().method();
        if (path.endsWith("/clients/{clientId}") && path.contains("/organisations/")) {
            return lastOrganisationClient(ws, method);
        }
        if (path.endsWith("/clients/{clientId}") && method.equals("GET")) {
            return actors.clientId("client").toString();
        }
        if (path.endsWith("/clients/{clientId}") && method.equals("PUT")) {
            return spareClient.toString();
        }
        UUID fresh = ws.client(Keycloak.person("Fresh"), null);
        if (path.endsWith("/assignments/{memberId}") && method.equals("DELETE")) {
            ws.assign(fresh, spareMember);
        }
        return fresh.toString();
    }

    /** The organisation row's {orgId} was resolved first (path order): put a fresh client in it for a DELETE. */
    private static String lastOrganisationClient(ApiStaffing ws, String method) {
        UUID fresh = ws.client(Keycloak.person("Fresh"), method.equals("DELETE") ? ws.lastOrganisation : null);
        return fresh.toString();
    }

    /** The cast made through this service's own API, with the built-in groups and one custom group per permission. */
    static final class ApiStaffing implements Actors.Staffing {
        final Api.Scenario scenario;
        private final Map<String, String> groups = new HashMap<>();
        UUID lastOrganisation;

        ApiStaffing(TestPerson owner) {
            String id = as(owner).body(Map.of("name", owner.firstName() + "'s workspace")).post("/api/v1/workspaces")
                    .then().statusCode(201).extract().path("id");
            scenario = new Api.Scenario(UUID.fromString(id), owner);
        }

        @Override
        public UUID workspaceId() {
            return scenario.workspaceId();
        }

        @Override
        public UUID ownerMemberId() {
            return UUID.fromString(as(scenario.owner()).get(scenario.path("/members")).then().statusCode(200)
                    .extract().jsonPath().getString("items.find { it.userId == '" + scenario.owner().userId() + "' }.id"));
        }

        @Override
        public UUID admin(TestPerson person) {
            return UUID.fromString(Api.member(scenario, person, Api.groupId(scenario, "Admin")));
        }

        @Override
        public UUID officeManager(TestPerson person) {
            String office = Api.groupId(scenario, "Office manager");
            as(scenario.owner()).body(Map.of("name", "Office manager", "permissions", List.of("chats.access", "chats.reply",
                            "announcements.send", "conversations.manage", "clients.manage", "private.access")))
                    .put(scenario.path("/permission-groups/" + office)).then().statusCode(200);
            return UUID.fromString(Api.member(scenario, person, office));
        }

        @Override
        public UUID member(TestPerson person, Permission... permissions) {
            List<String> keys = Arrays.stream(permissions).map(Permission::key).sorted().toList();
            String group = groups.computeIfAbsent(String.join(",", keys),
                    k -> Api.group(scenario, k.isEmpty() ? "Nothing" : "Only " + k, keys.toArray(String[]::new)));
            return UUID.fromString(Api.member(scenario, person, group));
        }

        @Override
        public UUID organisation(String name) {
            lastOrganisation = UUID.fromString(as(scenario.owner()).body(Map.of("name", name)).post(scenario.path("/organisations"))
                    .then().statusCode(201).extract().path("id"));
            return lastOrganisation;
        }

        @Override
        public UUID client(TestPerson person, UUID organisationId) {
            Map<String, Object> body = new HashMap<>(Map.of("email", person.email(), "displayName", person.displayName()));
            if (organisationId != null) {
                body.put("organisationId", organisationId.toString());
            }
            return UUID.fromString(as(scenario.owner()).body(body).post(scenario.path("/clients"))
                    .then().statusCode(201).extract().path("id"));
        }

        @Override
        public void assign(UUID clientId, UUID memberId) {
            as(scenario.owner()).put(scenario.path("/clients/" + clientId + "/assignments/" + memberId)).then().statusCode(204);
        }
    }

    @Override
    protected HostileInput hostile(AccessTable table) {
        return new HostileInput(table)
                .inert("POST /api/v1/workspaces/{ws}/clients", "displayName", (call, created) -> readBack("/clients/", created, "displayName"))
                .inert("POST /api/v1/workspaces/{ws}/organisations", "name", (call, created) -> readBack("/organisations/", created, "name"))
                .inert("POST /api/v1/workspaces/{ws}/permission-groups", "name", (call, created) -> readBack("/permission-groups/", created, "name"))
                .serverOwned("POST /api/v1/workspaces/{ws}/clients", "userId", "assignedMemberIds")
                .serverOwned("POST /api/v1/workspaces/{ws}/members", "userId", "permissions")
                .serverOwned("POST /api/v1/workspaces/{ws}/permission-groups", "builtIn")
                .serverOwned("POST /api/v1/workspaces/{ws}/organisations", "clientIds")
                .stored("POST /api/v1/workspaces/{ws}/clients", call -> count("/clients?limit=100"))
                .stored("POST /api/v1/workspaces/{ws}/members", call -> count("/members?limit=100"))
                .stored("POST /api/v1/workspaces/{ws}/organisations", call -> count("/organisations?limit=100"))
                .stored("PUT /api/v1/workspaces/{ws}/settings/chat", call -> as(actors.person("owner"))
                        .get("/api/v1/workspaces/" + actors.workspaceId() + "/settings/chat").asString());
    }

    /** A field of what a POST created, read back with a GET of its own. */
    private static String readBack(String collection, io.restassured.response.Response created, String field) {
        return as(actors.person("owner")).get("/api/v1/workspaces/" + actors.workspaceId() + collection
                + created.jsonPath().getString("id")).then().statusCode(200).extract().jsonPath().getString(field);
    }

    private static int count(String list) {
        return as(actors.person("owner")).get("/api/v1/workspaces/" + actors.workspaceId() + list).then().statusCode(200)
                .extract().jsonPath().getList("items").size();
    }
}
