package dev.parley.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A company or household several clients belong to; they share its ORGANISATION conversation. */
@Entity
@Table(name = "organisation")
public class Organisation {
    @Id
    private UUID id;
    @Column(name = "workspace_id")
    private UUID workspaceId;
    private String name;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Organisation() {
    }

    public Organisation(UUID id, UUID workspaceId, String name) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.name = name;
        this.createdAt = Instant.now();
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
}
