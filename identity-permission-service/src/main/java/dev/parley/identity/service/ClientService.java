package dev.parley.identity.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.events.identity.ClientAssigned;
import dev.parley.events.identity.ClientDeleted;
import dev.parley.events.identity.ClientJoinedOrganisation;
import dev.parley.events.identity.ClientLeftOrganisation;
import dev.parley.events.identity.ClientUnassigned;
import dev.parley.identity.Client;
import dev.parley.identity.Ids;
import dev.parley.identity.Member;
import dev.parley.identity.Organisation;
import dev.parley.identity.client.People;
import dev.parley.identity.repository.ClientRepository;
import dev.parley.identity.repository.MemberRepository;
import dev.parley.identity.repository.OrganisationRepository;
import dev.parley.identity.rest.Requests;
import dev.parley.identity.rest.Views;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Clients, organisations and assignments. The team reads them; changing them needs clients.manage. A client may
 * read their own record.
 */
@ApplicationScoped
public class ClientService {
    private final ClientRepository clients;
    private final MemberRepository members;
    private final OrganisationRepository organisations;
    private final Access access;
    private final IdentityEvents events;
    private final People people;

    public ClientService(ClientRepository clients, MemberRepository members, OrganisationRepository organisations,
                         Access access, IdentityEvents events, People people) {
        this.clients = clients;
        this.members = members;
        this.organisations = organisations;
        this.access = access;
        this.events = events;
        this.people = people;
    }

    // ---- clients ----

    public Views.Page<Views.ClientView> clients(UUID workspaceId, String userId, String cursor, Integer limit) {
        access.member(workspaceId, userId);
        int size = Validation.limit(limit);
        List<Client> page = clients.page(workspaceId, Validation.after(cursor), size + 1);
        List<Views.ClientView> items = page.stream().limit(size).map(c -> view(c, true)).toList();
        return new Views.Page<>(items, page.size() > size ? Validation.cursor(page.get(size - 1).id()) : null);
    }

    public Views.ClientView client(UUID workspaceId, String userId, UUID clientId) {
        Access.Caller caller = access.caller(workspaceId, userId);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        if (!caller.isMember() && !caller.client().id().equals(clientId)) {
            throw ProblemException.notFound("client"); // clients never learn about each other
        }
        return view(client, caller.isMember());
    }

    /** Creates or invites a client: links the Keycloak user with that email or creates one. */
    public Views.ClientView create(UUID workspaceId, String userId, Requests.CreateClient body) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        if (body == null) {
            throw ProblemException.invalid("email", "is required");
        }
        String email = Validation.email("email", body.email());
        String displayName = Validation.optionalName("displayName", body.displayName());
        String mobile = Validation.mobile("mobile", body.mobile());
        if (body.organisationId() != null) {
            QuarkusTransaction.requiringNew().run(() -> organisation(workspaceId, body.organisationId(), "organisationId"));
        }
        People.Person person = people.findOrCreate(email, displayName);
        return QuarkusTransaction.requiringNew().call(() -> {
            access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
            if (clients.byUser(workspaceId, person.userId()).isPresent()) {
                throw ProblemException.conflict(email + " is already a client of this workspace");
            }
            if (members.byUser(workspaceId, person.userId()).isPresent()) {
                throw ProblemException.conflict(email + " is on this workspace's team; a person is either team or client here");
            }
            // the workspace's address book keeps the email it was given, even if the person's login email differs
            Client client = new Client(Ids.next(), workspaceId, person.userId(),
                    displayName == null ? person.displayName() : displayName, email, mobile);
            Organisation organisation = body.organisationId() == null ? null
                    : organisation(workspaceId, body.organisationId(), "organisationId");
            if (organisation != null) {
                client.organisationId(organisation.id());
            }
            try {
                clients.persist(client);
                clients.flush();
            } catch (PersistenceException e) {
                // the same person registered twice at the same moment: the unique (workspace, user) index decides
                throw ProblemException.conflict(email + " is already a client of this workspace");
            }
            events.clientRegistered(client);
            if (organisation != null) {
                events.publish(new ClientJoinedOrganisation(workspaceId, client.id(), client.userId(), organisation.id(),
                        organisation.name(), Instant.now()));
            }
            return view(client, true);
        });
    }

    /** Replaces the client's contact details (PUT: displayName and email required, mobile optional). */
    @Transactional
    public Views.ClientView update(UUID workspaceId, String userId, UUID clientId, Requests.UpdateClient body) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        if (body == null) {
            throw ProblemException.invalid("displayName", "is required");
        }
        String displayName = Validation.name("displayName", body.displayName());
        String email = Validation.email("email", body.email());
        String mobile = Validation.mobile("mobile", body.mobile());
        if (!displayName.equals(client.displayName()) || !email.equals(client.email()) || !Objects.equals(mobile, client.mobile())) {
            client.contact(displayName, email, mobile);
            events.clientUpdated(client);
        }
        return view(client, true);
    }

    /** Deletes the client here; ClientDeleted makes every service remove everything of theirs. */
    @Transactional
    public void delete(UUID workspaceId, String userId, UUID clientId) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        clients.delete(client);
        events.publish(new ClientDeleted(workspaceId, clientId, client.userId(), Instant.now()));
    }

    // ---- organisations ----

    public Views.Page<Views.OrganisationView> organisations(UUID workspaceId, String userId, String cursor, Integer limit) {
        access.member(workspaceId, userId);
        int size = Validation.limit(limit);
        List<Organisation> page = organisations.page(workspaceId, Validation.after(cursor), size + 1);
        List<Views.OrganisationView> items = page.stream().limit(size).map(this::view).toList();
        return new Views.Page<>(items, page.size() > size ? Validation.cursor(page.get(size - 1).id()) : null);
    }

    public Views.OrganisationView organisation(UUID workspaceId, String userId, UUID organisationId) {
        access.member(workspaceId, userId);
        return view(organisation(workspaceId, organisationId, null));
    }

    @Transactional
    public Views.OrganisationView createOrganisation(UUID workspaceId, String userId, Requests.CreateOrganisation body) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        String name = Validation.name("name", body == null ? null : body.name());
        if (organisations.nameTaken(workspaceId, name)) {
            throw ProblemException.conflict("an organisation named '" + name + "' exists");
        }
        Organisation organisation = new Organisation(Ids.next(), workspaceId, name);
        organisations.persist(organisation);
        return view(organisation);
    }

    /** Deleting an organisation keeps its clients; each leaves it first (ClientLeftOrganisation). */
    @Transactional
    public void deleteOrganisation(UUID workspaceId, String userId, UUID organisationId) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        Organisation organisation = organisation(workspaceId, organisationId, null);
        for (Client client : clients.ofOrganisation(organisationId)) {
            client.organisationId(null);
            events.publish(new ClientLeftOrganisation(workspaceId, client.id(), client.userId(), organisationId, Instant.now()));
        }
        clients.flush();
        organisations.delete(organisation);
    }

    /** A client belongs to at most one organisation: joining another leaves the old one first. Idempotent. */
    @Transactional
    public Views.OrganisationView addToOrganisation(UUID workspaceId, String userId, UUID organisationId, UUID clientId) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        Organisation organisation = organisation(workspaceId, organisationId, null);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        if (!organisationId.equals(client.organisationId())) {
            if (client.organisationId() != null) {
                events.publish(new ClientLeftOrganisation(workspaceId, clientId, client.userId(), client.organisationId(), Instant.now()));
            }
            client.organisationId(organisationId);
            clients.flush();
            events.publish(new ClientJoinedOrganisation(workspaceId, clientId, client.userId(), organisationId,
                    organisation.name(), Instant.now()));
        }
        return view(organisation);
    }

    @Transactional
    public void removeFromOrganisation(UUID workspaceId, String userId, UUID organisationId, UUID clientId) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        organisation(workspaceId, organisationId, null);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        if (!organisationId.equals(client.organisationId())) {
            throw ProblemException.notFound("client in this organisation");
        }
        client.organisationId(null);
        events.publish(new ClientLeftOrganisation(workspaceId, clientId, client.userId(), organisationId, Instant.now()));
    }

    // ---- assignments ----

    /** PUT is idempotent: assigning twice publishes one ClientAssigned. */
    @Transactional
    public void assign(UUID workspaceId, String userId, UUID clientId, UUID memberId) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        Member member = members.inWorkspace(workspaceId, memberId).orElseThrow(() -> ProblemException.notFound("member"));
        if (client.assign(memberId)) {
            events.publish(new ClientAssigned(workspaceId, clientId, client.userId(), memberId, member.userId(), Instant.now()));
        }
    }

    @Transactional
    public void unassign(UUID workspaceId, String userId, UUID clientId, UUID memberId) {
        access.member(workspaceId, userId, Permission.CLIENTS_MANAGE);
        Client client = clients.inWorkspace(workspaceId, clientId).orElseThrow(() -> ProblemException.notFound("client"));
        Member member = members.inWorkspace(workspaceId, memberId).orElseThrow(() -> ProblemException.notFound("member"));
        if (!client.unassign(memberId)) {
            throw ProblemException.notFound("assignment");
        }
        events.publish(new ClientUnassigned(workspaceId, clientId, client.userId(), memberId, member.userId(), Instant.now()));
    }

    private Organisation organisation(UUID workspaceId, UUID organisationId, String field) {
        return organisations.inWorkspace(workspaceId, organisationId).orElseThrow(() -> field == null
                ? ProblemException.notFound("organisation")
                : ProblemException.invalid(field, "names an organisation this workspace does not have"));
    }

    private Views.OrganisationView view(Organisation organisation) {
        return new Views.OrganisationView(organisation.id(), organisation.name(),
                clients.ofOrganisation(organisation.id()).stream().map(Client::id).toList());
    }

    /** Members see who serves a client; the client themselves does not. */
    static Views.ClientView view(Client client, boolean forTeam) {
        return new Views.ClientView(client.id(), client.userId(), client.displayName(), client.email(), client.mobile(),
                client.organisationId(), forTeam ? IdentityEvents.sorted(client.assignedMemberIds()) : null);
    }
}
