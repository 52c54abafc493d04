package dev.parley.identity;

import dev.parley.common.testing.Keycloak;
import dev.parley.common.testing.LocalStackResource;
import dev.parley.common.testing.TestPerson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import java.util.UUID;

import static dev.parley.identity.Api.anonymous;
import static dev.parley.identity.Api.as;
import static dev.parley.identity.Api.problem;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TeamApiTest {

    @Test
    void builtInGroupsAndCustomGroups() {
        Api.Scenario s = Api.workspace("Gail");
        as(s.owner()).get(s.path("/permission-groups")).then().statusCode(200)
                .body("name", hasItems("Owner", "Admin", "Office manager", "Team member"))
                .body("find { it.name == 'Admin' }.permissions", hasItem("private.access"))
                .body("find { it.name == 'Team member' }.permissions", containsInAnyOrder("chats.access", "chats.reply"))
                .body("builtIn", everyItem(equalTo(true)));

        String viewOnly = Api.group(s, "View only", "chats.access");
        as(s.owner()).get(s.path("/permission-groups/" + viewOnly)).then().statusCode(200)
                .body("builtIn", equalTo(false)).body("permissions", contains("chats.access"));
        as(s.owner()).body(Map.of("name", "View and reply", "permissions", List.of("chats.access", "chats.reply")))
                .put(s.path("/permission-groups/" + viewOnly)).then().statusCode(200)
                .body("name", equalTo("View and reply")).body("permissions", containsInAnyOrder("chats.access", "chats.reply"));
        as(s.owner()).delete(s.path("/permission-groups/" + viewOnly)).then().statusCode(204);
        problem(as(s.owner()).get(s.path("/permission-groups/" + viewOnly)).then(), 404, "not-found");
    }

    @Test
    void groupRulesAre400Or409AndNothingStored() {
        Api.Scenario s = Api.workspace("Hal");
        problem(as(s.owner()).body(Map.of("name", "Odd", "permissions", List.of("chats.access", "chats.fly")))
                .post(s.path("/permission-groups")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("name", "x".repeat(201), "permissions", List.of()))
                .post(s.path("/permission-groups")).then(), 400, "validation-failed");
        as(s.owner()).get(s.path("/permission-groups")).then().body("size()", equalTo(4));

        String admin = Api.groupId(s, "Admin");
        problem(as(s.owner()).body(Map.of("name", "Admin", "permissions", List.of("chats.access")))
                .put(s.path("/permission-groups/" + admin)).then(), 400, "validation-failed");
        as(s.owner()).get(s.path("/permission-groups/" + admin)).then().body("permissions", hasItem("private.access"));
        String owner = Api.groupId(s, "Owner");
        problem(as(s.owner()).body(Map.of("name", "Owner", "permissions", List.of("chats.access")))
                .put(s.path("/permission-groups/" + owner)).then(), 400, "validation-failed");
        problem(as(s.owner()).delete(s.path("/permission-groups/" + admin)).then(), 409, "conflict");
        Api.group(s, "Desk", "chats.access");
        problem(as(s.owner()).body(Map.of("name", "desk", "permissions", List.of())).post(s.path("/permission-groups")).then(), 409, "conflict");
    }

    @Test
    void invitingCreatesOrLinksKeycloakUsers() {
        Api.Scenario s = Api.workspace("Ivy");
        TestPerson existing = Keycloak.person("Jon");
        as(s.owner()).body(Map.of("email", existing.email().toUpperCase())).post(s.path("/members")).then().statusCode(201)
                .body("userId", equalTo(existing.userId()))
                .body("displayName", equalTo(existing.displayName()))
                .body("email", equalTo(existing.email()))
                .body("groupIds", contains(Api.groupId(s, "Team member")))
                .body("permissions", containsInAnyOrder("chats.access", "chats.reply"));
        problem(as(s.owner()).body(Map.of("email", existing.email())).post(s.path("/members")).then(), 409, "conflict");

        String fresh = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@test.parley.local";
        String userId = as(s.owner()).body(Map.of("email", fresh, "displayName", "Nia New")).post(s.path("/members"))
                .then().statusCode(201).body("displayName", equalTo("Nia New")).body("email", equalTo(fresh))
                .extract().path("userId");
        // the person now exists in Keycloak: inviting them elsewhere links the same user
        Api.Scenario other = Api.workspace("Kim");
        as(other.owner()).body(Map.of("email", fresh)).post(other.path("/members")).then().statusCode(201)
                .body("userId", equalTo(userId));
    }

    @Test
    void badInvitesAre400AndNothingStored() {
        Api.Scenario s = Api.workspace("Lea");
        problem(as(s.owner()).body(Map.of("email", "not-an-email")).post(s.path("/members")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", "ok@test.parley.local", "groupIds", List.of(UUID.randomUUID().toString())))
                .post(s.path("/members")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", "ok@test.parley.local", "permissions", List.of("chats.access")))
                .post(s.path("/members")).then(), 400, "validation-failed");
        problem(as(s.owner()).body(Map.of("email", "ok@test.parley.local", "displayName", "x".repeat(201)))
                .post(s.path("/members")).then(), 400, "validation-failed");
        as(s.owner()).get(s.path("/members")).then().body("items.size()", equalTo(1));
    }

    @Test
    void permissionChangesApplyToTheNextRequest() {
        Api.Scenario s = Api.workspace("Mia");
        TestPerson tom = Keycloak.person("Tom");
        String tomId = Api.member(s, tom, Api.groupId(s, "Team member"));
        TestPerson guest = Keycloak.person("Guest");
        problem(as(tom).body(Map.of("email", guest.email())).post(s.path("/members")).then(), 403, "forbidden");
        problem(as(tom).body(Map.of("name", "X", "permissions", List.of())).post(s.path("/permission-groups")).then(), 403, "forbidden");

        String managers = Api.group(s, "Team managers", "team.manage");
        as(s.owner()).body(Map.of("groupIds", List.of(Api.groupId(s, "Team member"), managers)))
                .put(s.path("/members/" + tomId)).then().statusCode(200)
                .body("permissions", containsInAnyOrder("chats.access", "chats.reply", "team.manage"));
        // same token as before: the change is read per request, not from the token
        as(tom).body(Map.of("email", guest.email())).post(s.path("/members")).then().statusCode(201);

        as(s.owner()).body(Map.of("name", "Team managers", "permissions", List.of()))
                .put(s.path("/permission-groups/" + managers)).then().statusCode(200);
        problem(as(tom).body(Map.of("email", Keycloak.person("Late").email())).post(s.path("/members")).then(), 403, "forbidden");
    }

    @Test
    void theLastOwnerCannotBeRemovedOrDemoted() {
        Api.Scenario s = Api.workspace("Ned");
        String ownerId = as(s.owner()).get(s.path("/members")).then().extract().path("items[0].id");
        problem(as(s.owner()).delete(s.path("/members/" + ownerId)).then(), 409, "conflict");
        problem(as(s.owner()).body(Map.of("groupIds", List.of(Api.groupId(s, "Admin"))))
                .put(s.path("/members/" + ownerId)).then(), 409, "conflict");
        as(s.owner()).get(s.path("/members/" + ownerId)).then().body("groupIds", contains(Api.groupId(s, "Owner")));

        TestPerson second = Keycloak.person("Ola");
        String secondId = Api.member(s, second, Api.groupId(s, "Owner"));
        as(s.owner()).delete(s.path("/members/" + ownerId)).then().statusCode(204);
        problem(as(s.owner()).get(s.path("")).then(), 404, "not-found");
        problem(as(second).delete(s.path("/members/" + secondId)).then(), 409, "conflict");
    }

    @Test
    void membersPageWithOpaqueCursors() {
        Api.Scenario s = Api.workspace("Pia");
        for (int i = 0; i < 3; i++) {
            Api.member(s, Keycloak.person("Crew"), Api.groupId(s, "Team member"));
        }
        String cursor = as(s.owner()).queryParam("limit", 2).get(s.path("/members")).then().statusCode(200)
                .body("items.size()", equalTo(2)).body("nextCursor", notNullValue()).extract().path("nextCursor");
        as(s.owner()).queryParam("limit", 2).queryParam("cursor", cursor).get(s.path("/members")).then().statusCode(200)
                .body("items.size()", equalTo(2)).body("nextCursor", nullValue());
        problem(as(s.owner()).queryParam("limit", 101).get(s.path("/members")).then(), 400, "validation-failed");
        problem(as(s.owner()).queryParam("cursor", "garbage").get(s.path("/members")).then(), 400, "validation-failed");
    }

    @Test
    void otherWorkspacesIdsAre404AndNoTokenIs401() {
        Api.Scenario mine = Api.workspace("Quin");
        Api.Scenario theirs = Api.workspace("Rex");
        String theirOwner = as(theirs.owner()).get(theirs.path("/members")).then().extract().path("items[0].id");
        String theirGroup = Api.groupId(theirs, "Admin");
        // my workspace, their ids
        problem(as(mine.owner()).get(mine.path("/members/" + theirOwner)).then(), 404, "not-found");
        problem(as(mine.owner()).delete(mine.path("/members/" + theirOwner)).then(), 404, "not-found");
        problem(as(mine.owner()).get(mine.path("/permission-groups/" + theirGroup)).then(), 404, "not-found");
        problem(as(mine.owner()).body(Map.of("groupIds", List.of(theirGroup))).put(mine.path("/members/" + Api.member(mine, Keycloak.person("Sol"))))
                .then(), 400, "validation-failed");
        // their workspace
        problem(as(mine.owner()).get(theirs.path("/members")).then(), 404, "not-found");
        problem(as(mine.owner()).get(theirs.path("/permission-groups")).then(), 404, "not-found");
        problem(as(mine.owner()).body(Map.of("email", "x@test.parley.local")).post(theirs.path("/members")).then(), 404, "not-found");
        problem(as(mine.owner()).delete(theirs.path("/members/" + theirOwner)).then(), 404, "not-found");
        anonymous().get(theirs.path("/members")).then().statusCode(401);
        anonymous().body(Map.of("email", "x@test.parley.local")).post(theirs.path("/members")).then().statusCode(401);
        anonymous().delete(theirs.path("/members/" + theirOwner)).then().statusCode(401);
        anonymous().get(theirs.path("/permission-groups")).then().statusCode(401);
        as(theirs.owner()).get(theirs.path("/members/" + theirOwner)).then().statusCode(200);
    }

    @Test
    void twoOwnersRemovingEachOtherAtOnceLeaveOneOwner() throws Exception {
        Api.Scenario s = Api.workspace("Ula");
        String first = as(s.owner()).get(s.path("/members")).then().extract().path("items[0].id");
        TestPerson other = Keycloak.person("Val");
        String second = Api.member(s, other, Api.groupId(s, "Owner"));
        List<Integer> statuses = concurrently(
                () -> as(s.owner()).delete(s.path("/members/" + second)).statusCode(),
                () -> as(other).delete(s.path("/members/" + first)).statusCode());
        // one removal wins; the other is refused as the last Owner (409) or, if its caller was already removed,
        // finds that the caller is nobody here any more (404)
        assertThat(statuses, containsInAnyOrder(equalTo(204), anyOf(equalTo(409), equalTo(404))));
        int owners = 0;
        for (TestPerson p : List.of(s.owner(), other)) {
            if (as(p).get(s.path("")).statusCode() == 200) {
                owners++;
            }
        }
        assertThat(owners, equalTo(1));
    }

    @Test
    void theSamePersonInvitedTwiceAtOnceJoinsOnce() throws Exception {
        Api.Scenario s = Api.workspace("Wes");
        TestPerson twin = Keycloak.person("Twin");
        Callable<Integer> invite = () -> as(s.owner()).body(Map.of("email", twin.email())).post(s.path("/members")).statusCode();
        assertThat(concurrently(invite, invite), containsInAnyOrder(201, 409));
        as(s.owner()).get(s.path("/members")).then().body("items.size()", equalTo(2));
    }

    @SafeVarargs
    private static List<Integer> concurrently(Callable<Integer>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
