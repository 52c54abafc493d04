package dev.parley.announcement.service;

import dev.parley.announcement.Announcement;
import dev.parley.announcement.Announcement.AudienceKind;
import dev.parley.announcement.Announcement.Delivery;
import dev.parley.announcement.Announcement.Status;
import dev.parley.announcement.Ids;
import dev.parley.announcement.repository.AnnouncementRepository;
import dev.parley.announcement.repository.PageCursor;
import dev.parley.announcement.repository.RecipientRepository;
import dev.parley.announcement.repository.Stats;
import dev.parley.common.identity.ClientPrincipal;
import dev.parley.common.identity.IdentityDirectory;
import dev.parley.common.identity.MemberPrincipal;
import dev.parley.common.identity.Permission;
import dev.parley.common.identity.Principal;
import dev.parley.common.outbox.Outbox;
import dev.parley.common.problem.ProblemException;
import dev.parley.events.announcement.AnnouncementCancelled;
import dev.parley.events.announcement.AnnouncementDeliveryRequested;
import dev.parley.events.announcement.AnnouncementDeliveryRequested.Recipient;
import dev.parley.events.announcement.AnnouncementPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Drafts, edits, publishing (now or scheduled), cancelling, and the fan-out through the outbox. */
@ApplicationScoped
public class AnnouncementService {
    private static final Logger LOG = Logger.getLogger(AnnouncementService.class);
    public static final int MAX_BODY = 16_000;
    public static final int MAX_ATTACHMENTS = 10;
    public static final int MAX_AUDIENCE_IDS = 1_000;

    private final AnnouncementRepository announcements;
    private final RecipientRepository recipients;
    private final IdentityDirectory directory;
    private final Outbox outbox;
    private final int batchSize;

    public AnnouncementService(AnnouncementRepository announcements, RecipientRepository recipients,
                               IdentityDirectory directory, Outbox outbox,
                               @ConfigProperty(name = "parley.announcement.batch-size", defaultValue = "500") int batchSize) {
        this.announcements = announcements;
        this.recipients = recipients;
        this.directory = directory;
        this.outbox = outbox;
        this.batchSize = batchSize;
    }

    /** What a sender writes: validated content of a draft. */
    public record Draft(String body, List<UUID> attachmentIds, boolean highlighted, AudienceKind audienceKind,
                        List<UUID> audienceIds, Delivery delivery, UUID roomId) {
    }

    /** An announcement with its audience ids and stats, for the API. */
    public record Detail(Announcement announcement, List<UUID> audienceIds, Stats stats) {
    }

    public record Page(List<Detail> items, String nextCursor) {
    }

    /**
     * The caller may use the announcements API: a member holding announcements.send (403 without it). Clients and
     * people who are nobody in the workspace get 404: to them the API does not exist.
     */
    public MemberPrincipal requireSender(UUID workspaceId, String userId) {
        Principal principal = directory.principal(workspaceId, userId).orElse(null);
        if (!(principal instanceof MemberPrincipal member)) {
            throw ProblemException.notFound("workspace");
        }
        if (!member.has(Permission.ANNOUNCEMENTS_SEND)) {
            throw ProblemException.forbidden("announcements need announcements.send");
        }
        return member;
    }

    @Transactional
    public Detail create(UUID workspaceId, String userId, Draft draft) {
        requireSender(workspaceId, userId);
        checkAudience(workspaceId, draft);
        Announcement announcement = new Announcement(Ids.newId(), workspaceId, userId, now());
        announcement.content(draft.body(), draft.attachmentIds(), draft.highlighted(), draft.audienceKind(),
                draft.delivery(), draft.roomId());
        announcements.persist(announcement);
        announcements.flush();
        announcements.replaceAudience(announcement.id(), draft.audienceIds());
        return new Detail(announcement, draft.audienceIds(), Stats.NONE);
    }

    @Transactional
    public Detail edit(UUID workspaceId, String userId, UUID id, Draft draft) {
        requireSender(workspaceId, userId);
        Announcement announcement = announcements.lockInWorkspace(workspaceId, id)
                .orElseThrow(() -> ProblemException.notFound("announcement"));
        if (announcement.status() != Status.DRAFT) {
            throw ProblemException.conflict("only a draft can be edited; this one is " + announcement.status());
        }
        checkAudience(workspaceId, draft);
        announcement.content(draft.body(), draft.attachmentIds(), draft.highlighted(), draft.audienceKind(),
                draft.delivery(), draft.roomId());
        announcements.replaceAudience(id, draft.audienceIds());
        return new Detail(announcement, draft.audienceIds(), Stats.NONE);
    }

    @Transactional
    public Detail get(UUID workspaceId, String userId, UUID id) {
        requireSender(workspaceId, userId);
        Announcement announcement = announcements.findInWorkspace(workspaceId, id)
                .orElseThrow(() -> ProblemException.notFound("announcement"));
        return detail(announcement);
    }

    @Transactional
    public Page list(UUID workspaceId, String userId, String cursor, int limit) {
        requireSender(workspaceId, userId);
        PageCursor after;
        try {
            after = PageCursor.decode(cursor);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor this API returned");
        }
        List<Announcement> rows = announcements.page(workspaceId, after, limit + 1);
        boolean more = rows.size() > limit;
        List<Announcement> page = more ? rows.subList(0, limit) : rows;
        List<UUID> ids = page.stream().map(Announcement::id).toList();
        Map<UUID, List<UUID>> audiences = announcements.audiences(ids);
        Map<UUID, Stats> stats = recipients.stats(ids);
        List<Detail> items = page.stream().map(a -> new Detail(a, audiences.getOrDefault(a.id(), List.of()),
                stats.getOrDefault(a.id(), Stats.NONE))).toList();
        Announcement last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page(items, more ? new PageCursor(last.createdAt(), last.id()).encode() : null);
    }

    /**
     * Publishes now (no {@code scheduledAt}) or schedules. A DRAFT or SCHEDULED announcement may be published or
     * (re)scheduled; one that went out or was cancelled is a 409.
     */
    @Transactional
    public Detail publish(UUID workspaceId, String userId, UUID id, Instant scheduledAt) {
        requireSender(workspaceId, userId);
        Announcement announcement = announcements.lockInWorkspace(workspaceId, id)
                .orElseThrow(() -> ProblemException.notFound("announcement"));
        if (announcement.status() != Status.DRAFT && announcement.status() != Status.SCHEDULED) {
            throw ProblemException.conflict("this announcement is " + announcement.status());
        }
        Instant now = now();
        if (scheduledAt != null) {
            if (!scheduledAt.isAfter(now)) {
                throw ProblemException.invalid("scheduledAt", "must be in the future");
            }
            announcement.schedule(scheduledAt.truncatedTo(ChronoUnit.MICROS));
        } else {
            fanOut(announcement, now);
        }
        return detail(announcement);
    }

    @Transactional
    public Detail cancel(UUID workspaceId, String userId, UUID id) {
        requireSender(workspaceId, userId);
        Announcement announcement = announcements.lockInWorkspace(workspaceId, id)
                .orElseThrow(() -> ProblemException.notFound("announcement"));
        if (announcement.status() != Status.DRAFT && announcement.status() != Status.SCHEDULED) {
            throw ProblemException.conflict("only a draft or scheduled announcement can be cancelled; this one is "
                    + announcement.status());
        }
        Instant now = now();
        announcement.cancel(now);
        outbox.publish(id.toString(), new AnnouncementCancelled(workspaceId, id, userId, now));
        return detail(announcement);
    }

    /**
     * Claims up to {@code limit} due scheduled announcements (SKIP LOCKED) and publishes them in this one
     * transaction; returns how many. Any number of instances may call it at once: each announcement fires once.
     */
    @Transactional
    public int publishDue(int limit) {
        Instant now = now();
        List<UUID> due = announcements.claimDue(now, limit);
        for (UUID id : due) {
            Announcement announcement = announcements.findById(id);
            LOG.infof("publishing scheduled announcement %s (due %s)", id, announcement.scheduledAt());
            fanOut(announcement, now);
        }
        return due.size();
    }

    /**
     * Resolves the audience from the identity projection as it is now (a client selected twice, or in two selected
     * organisations, counts once), stores the recipients, and records AnnouncementPublished and the
     * AnnouncementDeliveryRequested batches in the outbox, all in the caller's transaction.
     */
    private void fanOut(Announcement announcement, Instant now) {
        long started = System.nanoTime();
        List<UUID> audienceIds = announcements.audience(announcement.id());
        List<Recipient> resolved = resolve(announcement.workspaceId(), announcement.audienceKind(), audienceIds);
        long resolvedAt = System.nanoTime();
        recipients.insert(announcement.id(), resolved);
        long insertedAt = System.nanoTime();
        announcement.publishing(now);
        int batches = (resolved.size() + batchSize - 1) / batchSize;
        String key = announcement.id().toString();
        outbox.publish(key, new AnnouncementPublished(announcement.workspaceId(), announcement.id(),
                announcement.authorUserId(), announcement.body(), announcement.attachmentIds(),
                announcement.highlighted(), announcement.audienceKind().name(), audienceIds,
                announcement.delivery().name(), announcement.roomId(), resolved.size(), batches, now));
        for (int batch = 0; batch < batches; batch++) {
            List<Recipient> slice = resolved.subList(batch * batchSize, Math.min(resolved.size(), (batch + 1) * batchSize));
            outbox.publish(key, new AnnouncementDeliveryRequested(announcement.workspaceId(), announcement.id(),
                    announcement.authorUserId(), announcement.body(), announcement.attachmentIds(),
                    announcement.highlighted(), announcement.delivery().name(), announcement.roomId(), batch + 1,
                    batches, new ArrayList<>(slice)));
        }
        if (resolved.isEmpty()) {
            announcement.published();
        }
        LOG.infof("announcement %s: %d recipients resolved in %d ms, stored in %d ms, %d events queued in %d ms",
                announcement.id(), resolved.size(), (resolvedAt - started) / 1_000_000,
                (insertedAt - resolvedAt) / 1_000_000, batches + 1, (System.nanoTime() - insertedAt) / 1_000_000);
    }

    List<Recipient> resolve(UUID workspaceId, AudienceKind kind, List<UUID> ids) {
        Map<UUID, Recipient> byClient = new LinkedHashMap<>();
        List<ClientPrincipal> clients = switch (kind) {
            case ALL_CLIENTS -> directory.clients(workspaceId);
            case CLIENTS -> {
                Set<UUID> selected = Set.copyOf(ids);
                yield directory.clients(workspaceId).stream().filter(c -> selected.contains(c.clientId())).toList();
            }
            case ORGANISATIONS -> ids.stream()
                    .flatMap(org -> directory.clientsOfOrganisation(workspaceId, org).stream()).toList();
        };
        for (ClientPrincipal client : clients) {
            byClient.putIfAbsent(client.clientId(), new Recipient(client.clientId(), client.userId()));
        }
        return new ArrayList<>(byClient.values());
    }

    /** Selected clients must be clients of this workspace now; organisations are resolved (or found empty) at publish. */
    private void checkAudience(UUID workspaceId, Draft draft) {
        if (draft.audienceKind() == AudienceKind.CLIENTS) {
            Set<UUID> known = new LinkedHashSet<>();
            directory.clients(workspaceId).forEach(c -> known.add(c.clientId()));
            for (UUID id : draft.audienceIds()) {
                if (!known.contains(id)) {
                    throw ProblemException.invalid("audience.ids", "no client " + id + " in this workspace");
                }
            }
        }
    }

    private Detail detail(Announcement announcement) {
        Stats stats = recipients.stats(List.of(announcement.id())).getOrDefault(announcement.id(), Stats.NONE);
        return new Detail(announcement, announcements.audience(announcement.id()), stats);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
