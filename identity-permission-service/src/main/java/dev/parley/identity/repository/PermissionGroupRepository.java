package dev.parley.identity.repository;

import dev.parley.identity.BuiltInGroup;
import dev.parley.identity.PermissionGroup;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PermissionGroupRepository implements PanacheRepositoryBase<PermissionGroup, UUID> {
    public Optional<PermissionGroup> inWorkspace(UUID workspaceId, UUID groupId) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, groupId).firstResultOptional();
    }

    public List<PermissionGroup> ofWorkspace(UUID workspaceId) {
        return list("workspaceId", Sort.by("id"), workspaceId);
    }

    public List<PermissionGroup> byIds(UUID workspaceId, Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("workspaceId = ?1 and id in ?2", workspaceId, ids);
    }

    public PermissionGroup builtIn(UUID workspaceId, BuiltInGroup builtIn) {
        return find("workspaceId = ?1 and builtIn = ?2", workspaceId, builtIn).singleResult();
    }

    public boolean nameTaken(UUID workspaceId, String name, UUID except) {
        return count("workspaceId = ?1 and lower(name) = lower(?2) and id <> ?3", workspaceId, name,
                except == null ? new UUID(0, 0) : except) > 0;
    }
}
