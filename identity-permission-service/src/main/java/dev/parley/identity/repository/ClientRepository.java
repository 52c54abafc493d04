package dev.parley.identity.repository;

import dev.parley.identity.Client;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ClientRepository implements PanacheRepositoryBase<Client, UUID> {
    public Optional<Client> inWorkspace(UUID workspaceId, UUID clientId) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, clientId).firstResultOptional();
    }

    public Optional<Client> byUser(UUID workspaceId, String userId) {
        return find("workspaceId = ?1 and userId = ?2", workspaceId, userId).firstResultOptional();
    }

    public List<Client> ofUser(String userId) {
        return list("userId", Sort.by("id"), userId);
    }

    public List<Client> page(UUID workspaceId, UUID after, int limit) {
        return find("workspaceId = ?1 and id > ?2", Sort.by("id"), workspaceId, after).page(0, limit).list();
    }

    public List<Client> ofOrganisation(UUID organisationId) {
        return list("organisationId", Sort.by("id"), organisationId);
    }

    public List<Client> assignedTo(UUID memberId) {
        return list("select c from Client c where ?1 member of c.assignedMemberIds", memberId);
    }
}
