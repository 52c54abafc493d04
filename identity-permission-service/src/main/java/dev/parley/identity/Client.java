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

/**
 * A client of the workspace: a person (Keycloak user) with the contact details this workspace keeps for them, at
 * most one organisation, and the team members assigned to serve them.
 */
@Entity
@Table(name = "client")
public class Client {
    @Id
    private UUID id;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    @Column(name = "user_id")
    private String userId;
    @Column(name = "display_name")
    private String displayName;
    private String email;
    private String mobile;
    @Column(name = "organisation_id")
    private UUID organisationId;
    @Column(name = "created_at")
    private Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "client_assignment", joinColumns = @JoinColumn(name = "client_id"))
    @Column(name = "member_id")
    private Set<UUID> assignedMemberIds = new LinkedHashSet<>();

    protected Client() {
    }

    public Client(UUID id, UUID workspaceId, String userId, String displayName, String email, String mobile) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.userId = userId;
        this.displayName = displayName;
        this.email = email;
        this.mobile = mobile;
        this.createdAt = Instant.now();
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

    public String email() {
        return email;
    }

    public String mobile() {
        return mobile;
    }

    public void contact(String displayName, String email, String mobile) {
        this.displayName = displayName;
        this.email = email;
        this.mobile = mobile;
    }

    public UUID organisationId() {
        return organisationId;
    }

    public void organisationId(UUID organisationId) {
        this.organisationId = organisationId;
    }

    public Set<UUID> assignedMemberIds() {
        return Set.copyOf(assignedMemberIds);
    }

    public boolean assign(UUID memberId) {
        return assignedMemberIds.add(memberId);
    }

    public boolean unassign(UUID memberId) {
        return assignedMemberIds.remove(memberId);
    }
}
