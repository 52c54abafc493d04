package dev.parley.identity.repository;

import dev.parley.identity.Organisation;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class OrganisationRepository implements PanacheRepositoryBase<Organisation, UUID> {
    public Optional<Organisation> inWorkspace(UUID workspaceId, UUID organisationId) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, organisationId).firstResultOptional();
    }

    public List<Organisation> page(UUID workspaceId, UUID after, int limit) {
        return find("workspaceId = ?1 and id > ?2", Sort.by("id"), workspaceId, after).page(0, limit).list();
    }

    public boolean nameTaken(UUID workspaceId, String name) {
        return count("workspaceId = ?1 and lower(name) = lower(?2)", workspaceId, name) > 0;
    }
}
