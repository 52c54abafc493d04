package dev.parley.notification.service;

import dev.parley.common.access.ReadAccess;
import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.identity.WorkspaceSettings;
import dev.parley.notification.Notification;
import dev.parley.notification.repository.ParticipantRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * "May this person still read the conversation of this notification, now?" asked right before anything leaves the
 * service (a digest, an SMS or push hand-off, and again for a reply by email), so someone who lost access gets
 * nothing more: removed from the workspace or deleted, removed from the conversation (ParticipantRemoved, a client
 * leaving an organisation), lost private.access or chats.access (MemberPermissionsChanged), unassigned from the
 * client when that was their only way in (ClientUnassigned), the conversation deleted with its client. The rule is
 * common's {@link ReadAccess}, the one conversation-service enforces; the facts come from this service's identity
 * and participant projections, never from a call to another service.
 */
@ApplicationScoped
public class RecipientAccess {

    public enum Verdict {
        /** The rule lets them read it. */
        MAY_READ,
        /** It does not, and nothing they could still be told would change that. */
        NO_ACCESS,
        /**
         * Only participation would let them read it and no ParticipantAdded or ParticipantRemoved about them has
         * been seen yet (conversation events are consumed apart from message events, and may trail them).
         */
        NOT_YET_KNOWN
    }

    private final IdentityDirectory directory;
    private final ParticipantRepository participants;

    public RecipientAccess(IdentityDirectory directory, ParticipantRepository participants) {
        this.directory = directory;
        this.participants = participants;
    }

    public Verdict of(Notification n) {
        Optional<Principal> person = directory.principal(n.workspaceId(), n.userId());
        Optional<WorkspaceSettings> workspace = directory.workspace(n.workspaceId());
        if (person.isEmpty() || workspace.isEmpty() || participants.isDeleted(n.workspaceId(), n.conversationId())) {
            return Verdict.NO_ACCESS;
        }
        boolean client = person.get() instanceof ClientPrincipal;
        Set<Permission> permissions = person.get() instanceof MemberPrincipal m ? m.permissions() : Set.of();
        boolean assigned = person.get() instanceof MemberPrincipal m && "CLIENT".equals(n.conversationKind())
                && n.clientId() != null && directory.isAssigned(n.workspaceId(), n.clientId(), m.memberId());
        boolean privateMessaging = workspace.get().privateMessagingEnabled();
        Optional<Boolean> participation = participants.participation(n.workspaceId(), n.conversationId(), n.userId());
        if (ReadAccess.canRead(n.conversationKind(), client, permissions, participation.orElse(false), assigned,
                privateMessaging)) {
            return Verdict.MAY_READ;
        }
        if (participation.isEmpty()
                && ReadAccess.canRead(n.conversationKind(), client, permissions, true, assigned, privateMessaging)) {
            return Verdict.NOT_YET_KNOWN;
        }
        return Verdict.NO_ACCESS;
    }
}
