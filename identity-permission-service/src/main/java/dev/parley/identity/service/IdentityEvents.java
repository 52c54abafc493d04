package dev.parley.identity.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.outbox.Outbox;
import dev.parley.events.ParleyEvent;
import dev.parley.events.identity.ClientRegistered;
import dev.parley.events.identity.ClientUpdated;
import dev.parley.events.identity.MemberJoined;
import dev.parley.events.identity.MemberPermissionsChanged;
import dev.parley.identity.Client;
import dev.parley.identity.Member;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Builds identity events with complete snapshots and puts them in the outbox under the workspace id. */
@ApplicationScoped
public class IdentityEvents {
    private final Outbox outbox;

    public IdentityEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Must run inside the transaction of the change it describes. Key workspaceId keeps a workspace's events in order. */
    public void publish(ParleyEvent event) {
        outbox.publish(event.workspaceId().toString(), event);
    }

    public void memberJoined(Member member, Set<Permission> permissions) {
        publish(new MemberJoined(member.workspaceId(), member.id(), member.userId(), member.displayName(), member.email(),
                sorted(member.groupIds()), keys(permissions), Instant.now()));
    }

    public void memberChanged(Member member, Set<Permission> permissions) {
        publish(new MemberPermissionsChanged(member.workspaceId(), member.id(), member.userId(), member.displayName(),
                member.email(), sorted(member.groupIds()), keys(permissions), Instant.now()));
    }

    public void clientRegistered(Client client) {
        publish(new ClientRegistered(client.workspaceId(), client.id(), client.userId(), client.displayName(),
                client.email(), client.mobile(), client.organisationId(), Instant.now()));
    }

    public void clientUpdated(Client client) {
        publish(new ClientUpdated(client.workspaceId(), client.id(), client.userId(), client.displayName(),
                client.email(), client.mobile(), client.organisationId(), Instant.now()));
    }

    /** Permission keys in the enum's order, so equal sets always read the same. */
    public static List<String> keys(Collection<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::key).toList();
    }

    static List<UUID> sorted(Collection<UUID> ids) {
        return ids.stream().sorted().toList();
    }
}
