package dev.parley.identity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** A person on the workspace's team, with the permission groups they belong to. */
@Entity
@Table(name = "member")
public class Member {
    @Id
    private UUID id;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    @Column(name = "user_id")
    private String userId;
    @Column(name = "display_name")
    private String displayName;
    private String email;
    @Column(name = "created_at")
    private Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "member_group", joinColumns = @JoinColumn(name = "member_id"))
    @Column(name = "group_id")
    private Set<UUID> groupIds = new LinkedHashSet<>();

    protected Member() {
    }

    public Member(UUID id, UUID workspaceId, String userId, String displayName, String email, Set<UUID> groupIds) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.userId = userId;
        this.displayName = displayName;
        this.email = email;
        this.createdAt = Instant.now();
        this.groupIds.addAll(groupIds);
    }

    public UUID id() {
        return id;
    }

    public UUID workspaceId() {
        return workspaceId;
    }

    public String userId() {
        return userId;
    }

    public String displayName() {
        return displayName;
    }

    public void displayName(String displayName) {
        this.displayName = displayName;
    }

    public String email() {
        return email;
    }

    public Set<UUID> groupIds() {
        return Set.copyOf(groupIds);
    }

    public void groupIds(Set<UUID> groups) {
        groupIds.clear();
        groupIds.addAll(groups);
    }

    public void leaveGroup(UUID groupId) {
        groupIds.remove(groupId);
    }
}
