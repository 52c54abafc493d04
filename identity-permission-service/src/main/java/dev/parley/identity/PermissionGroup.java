package dev.parley.identity;

import dev.parley.common.identity.Permission;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** A named set of permissions; a member's permissions are the union of their groups'. */
@Entity
@Table(name = "permission_group")
public class PermissionGroup {
    @Id
    private UUID id;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    private String name;
    @Enumerated(EnumType.STRING)
    @Column(name = "built_in")
    private BuiltInGroup builtIn;
    @Column(name = "created_at")
    private Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "permission_group_permission", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "permission")
    private Set<String> permissions = new HashSet<>();

    protected PermissionGroup() {
    }

    public PermissionGroup(UUID id, UUID workspaceId, String name, BuiltInGroup builtIn, Set<Permission> permissions) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.name = name;
        this.builtIn = builtIn;
        this.createdAt = Instant.now();
        permissions(permissions);
    }

    public UUID id() {
        return id;
    }

    public UUID workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public void rename(String name) {
        this.name = name;
    }

    public BuiltInGroup builtIn() {
        return builtIn;
    }

    public boolean isBuiltIn() {
        return builtIn != null;
    }

    public Set<Permission> permissions() {
        Set<Permission> result = EnumSet.noneOf(Permission.class);
        permissions.forEach(key -> Permission.fromKey(key).ifPresent(result::add));
        return result;
    }

    public void permissions(Set<Permission> granted) {
        permissions.clear();
        granted.forEach(p -> permissions.add(p.key()));
    }
}
