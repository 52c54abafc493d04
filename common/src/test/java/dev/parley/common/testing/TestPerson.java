package dev.parley.common.testing;

/** A Keycloak user made for one test: its id is the token's subject. {@link #token()} gets a real access token. */
public record TestPerson(String userId, String username, String email, String firstName, String lastName, String password) {

    public String displayName() {
        return firstName + " " + lastName;
    }

    public String token() {
        return Keycloak.token(username, password);
    }

    public String bearer() {
        return "Bearer " + token();
    }
}
