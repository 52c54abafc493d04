package dev.parley.identity.client;

import dev.parley.common.problem.ProblemCode;
import dev.parley.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Optional;

/**
 * People are Keycloak users. Inviting someone by email links the existing user with that email or creates one
 * (username = email, no password: they set one through Keycloak's "forgot password" or an admin's
 * execute-actions email). Runs outside any database transaction: a slow Keycloak never holds a connection.
 */
@ApplicationScoped
public class People {
    private static final Logger LOG = Logger.getLogger(People.class);

    /** A Keycloak user as Parley needs it. */
    public record Person(String userId, String displayName, String email, boolean created) {
    }

    private final Keycloak keycloak;
    private final String realm;

    public People(Keycloak keycloak, @ConfigProperty(name = "parley.identity.realm") String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** The person with this (already validated, lower-case) email, created if Keycloak has none. */
    public Person findOrCreate(String email, String displayName) {
        try {
            Optional<UserRepresentation> existing = byEmail(email);
            if (existing.isPresent()) {
                return person(existing.get(), displayName, false);
            }
            UserRepresentation user = new UserRepresentation();
            user.setUsername(email);
            user.setEmail(email);
            user.setEnabled(true);
            user.setEmailVerified(false);
            String name = displayName == null ? email.substring(0, email.indexOf('@')) : displayName;
            int space = name.indexOf(' ');
            user.setFirstName(space < 0 ? name : name.substring(0, space));
            user.setLastName(space < 0 ? "" : name.substring(space + 1));
            Response refused = users().create(user);
            if (refused.getStatus() == 400) {
                // Keycloak's person-name rules refuse some characters (<, >, &, ...) that a Parley display name may
                // hold: the name is Parley's data (stored and shown as given), so the login is created without it
                refused.close();
                LOG.infof("Keycloak refused the name of %s; creating the user without a name", email);
                user.setFirstName(null);
                user.setLastName(null);
                refused = users().create(user);
            }
            try (Response response = refused) {
                if (response.getStatus() == 409) {
                    // created concurrently (or the username is taken by a user with another email): link it if we can
                    return byEmail(email).map(u -> person(u, displayName, false))
                            .orElseThrow(() -> ProblemException.conflict("a Keycloak user named " + email + " already exists with another email"));
                }
                String id = CreatedResponseUtil.getCreatedId(response);
                LOG.infof("created Keycloak user %s for %s", id, email);
                return new Person(id, name, email, true);
            }
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Keycloak admin API failed for %s", email);
            throw new ProblemException(ProblemCode.UNAVAILABLE, "the identity provider is not reachable; try again");
        }
    }

    private Optional<UserRepresentation> byEmail(String email) {
        List<UserRepresentation> found = users().searchByEmail(email, true);
        return found.stream().filter(u -> email.equalsIgnoreCase(u.getEmail())).findFirst();
    }

    private static Person person(UserRepresentation user, String displayName, boolean created) {
        String name = displayName;
        if (name == null) {
            String full = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                    + (user.getLastName() == null ? "" : user.getLastName())).strip();
            name = full.isEmpty() ? user.getUsername() : full;
        }
        return new Person(user.getId(), name, user.getEmail().toLowerCase(java.util.Locale.ROOT), created);
    }

    private UsersResource users() {
        return keycloak.realm(realm).users();
    }
}
