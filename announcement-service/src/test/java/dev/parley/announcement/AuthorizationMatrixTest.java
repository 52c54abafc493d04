package dev.parley.announcement;

import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.testing.AccessTable;
import dev.parley.common.testing.Actors;
import dev.parley.common.testing.HostileInput;
import dev.parley.common.testing.EndpointMatrixTest;
import dev.parley.common.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every endpoint of this service × every actor of {@link Actors}, with real tokens: announcements.send may do
 * everything, any other member gets 403, clients and people who are nobody in the workspace 404 (this README:
 * clients never see this API). Publishing schedules a day ahead, so nothing is fanned out to the cast.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AuthorizationMatrixTest extends EndpointMatrixTest {
    static final String TABLE = """
            METHOD path                                                                owner admin office member access reply private announce manage settings team clients assigned client orgClient otherWs
            GET    /api/v1/workspaces/{ws}/announcements                               200   200   200    403    403    403   403     200      403    403      403  403     403      404    404       404
            POST   /api/v1/workspaces/{ws}/announcements                               201   201   201    403    403    403   403     201      403    403      403  403     403      404    404       404
            GET    /api/v1/workspaces/{ws}/announcements/{id}                          200   200   200    403    403    403   403     200      403    403      403  403     403      404    404       404
            PUT    /api/v1/workspaces/{ws}/announcements/{id}                          200   200   200    403    403    403   403     200      403    403      403  403     403      404    404       404
            POST   /api/v1/workspaces/{ws}/announcements/{id}/publish                  200   200   200    403    403    403   403     200      403    403      403  403     403      404    404       404
            POST   /api/v1/workspaces/{ws}/announcements/{id}/cancel                   200   200   200    403    403    403   403     200      403    403      403  403     403      404    404       404
            """;

    static Actors actors;
    static UUID draft;

    @Inject
    IdentityDirectory directory;

    @Override
    protected AccessTable build() {
        actors = Actors.fixture(s -> { }, directory);
        UUID wsId = actors.workspaceId();
        draft = Announcements.createDraft(actors.person("owner"), wsId, content());
        return AccessTable.parse(TABLE, actors)
                .param("id", call -> call.row().path().endsWith("{id}") ? draft.toString()
                        : Announcements.createDraft(actors.person("owner"), wsId, content()).toString())
                .body("POST /api/v1/workspaces/{ws}/announcements", call -> content())
                .body("PUT /api/v1/workspaces/{ws}/announcements/{id}", call -> content())
                .body("POST /api/v1/workspaces/{ws}/announcements/{id}/publish",
                        call -> Map.of("scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
    }

    private Map<String, Object> content() {
        return Announcements.draft("Opening hours change", "CLIENTS", List.of(actors.clientId("client")), "DIRECT");
    }

    @Override
    protected HostileInput hostile(AccessTable table) {
        String create = "POST /api/v1/workspaces/{ws}/announcements";
        return new HostileInput(table)
                .inert(create, "body", (call, created) -> Announcements.get(actors.person("owner"), actors.workspaceId(),
                        UUID.fromString(created.jsonPath().getString("id"))).statusCode(200).extract().jsonPath().getString("body"))
                .serverOwned(create, "status", "stats", "scheduledAt")
                .serverOwned("PUT /api/v1/workspaces/{ws}/announcements/{id}", "status", "stats")
                .bodyOptional("POST /api/v1/workspaces/{ws}/announcements/{id}/publish")
                .stored(create, call -> io.restassured.RestAssured.given().auth().oauth2(actors.person("owner").token())
                        .get(Announcements.path(actors.workspaceId()) + "?limit=100").then().statusCode(200)
                        .extract().jsonPath().getList("items").size());
    }
}
