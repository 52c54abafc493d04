package dev.parley.conversation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Full-text search SQL. The conversations the caller reads are a condition inside the statement ({@link Scope}),
 * not a list of ids computed in Java first: a member with chats.access in a workspace of thousands of conversations
 * costs the same as a client with one.
 */
@ApplicationScoped
public class SearchRepository {
    private static final String HEADLINE_OPTIONS =
            "StartSel=«, StopSel=», MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

    private final EntityManager em;

    public SearchRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Who searches, as the facts DESIGN section 3's read column (common's ReadAccess, conversation-service's
     * AccessPolicy) needs: the SQL below is that rule for one caller, over every conversation of the workspace.
     *
     * @param privateAccess     the member holds private.access
     * @param privateMessaging  the workspace setting (PRIVATE feeds are read by nobody while it is off)
     * @param assignedClientIds the clients whose CLIENT conversation the member reads by assignment
     * @param conversationId    only this conversation (the caller already knows they read it), or null for all
     */
    public record Scope(UUID workspaceId, String userId, boolean client, boolean chatsAccess, boolean privateAccess,
                        boolean privateMessaging, Collection<UUID> assignedClientIds, UUID conversationId) {
    }

    /** A full-text match: the message id, its ts_rank and the ts_headline snippet (matches between « and »). */
    public record Row(UUID id, float rank, String snippet) {
    }

    /**
     * The id of the {@code n}-th newest match, or empty when there are fewer than {@code n}: matches from it on
     * (ids are time-ordered UUIDv7) are the ranked window. PostgreSQL walks the primary key backwards for a common
     * word (a few rows per match) and sorts the GIN index's matches for a rare one, as its statistics say.
     */
    public Optional<UUID> nthNewestMatch(Scope scope, String q, int n) {
        Query query = em.createNativeQuery(with(scope) + "select m.id" + MATCHES + " order by m.id desc offset :skip limit 1")
                .setParameter("skip", n - 1);
        List<?> rows = bind(query, scope, q).getResultList();
        return rows.stream().findFirst().map(UUID.class::cast);
    }

    /**
     * Matches from {@code floor} on (all of them when null), best {@code ts_rank} first, then newest, after the
     * keyset (afterRank, afterId) when given.
     */
    public List<Row> ranked(Scope scope, String q, UUID floor, Float afterRank, UUID afterId, int limit) {
        String page = "select id, rank from (select m.id, ts_rank(m.body_tsv, q.query) as rank" + MATCHES
                + (floor == null ? "" : " and m.id >= :floor") + ") hit"
                + (afterId == null ? "" : " where rank < :afterRank or (rank = :afterRank and id < :afterId)")
                + " order by rank desc, id desc limit :limit";
        Query query = em.createNativeQuery(headlined(scope, page, "h.rank desc, h.id desc")).setParameter("limit", limit);
        if (floor != null) {
            query.setParameter("floor", floor);
        }
        if (afterId != null) {
            query.setParameter("afterRank", afterRank).setParameter("afterId", afterId);
        }
        return rows(bind(query, scope, q));
    }

    /** Matches older than {@code floor} (and than afterId when given), newest first: what lies past the window. */
    public List<Row> older(Scope scope, String q, UUID floor, UUID afterId, int limit) {
        String page = "select m.id, ts_rank(m.body_tsv, q.query) as rank" + MATCHES + " and m.id < :floor"
                + (afterId == null ? "" : " and m.id < :afterId") + " order by m.id desc limit :limit";
        Query query = em.createNativeQuery(headlined(scope, page, "h.id desc"))
                .setParameter("floor", floor).setParameter("limit", limit);
        if (afterId != null) {
            query.setParameter("afterId", afterId);
        }
        return rows(bind(query, scope, q));
    }

    /** Messages of the readable conversations that match, above the seq each hides from the caller, not deleted. */
    private static final String MATCHES = """

            from message m join readable r on m.conversation_id = r.cid and m.seq > r.hidden cross join q
            where m.body_tsv @@ q.query and m.deleted_at is null""";

    /**
     * {@code q} (websearch syntax: words, "phrases", -not, or) and {@code readable (cid, hidden)}: every conversation
     * of the workspace the caller may read with the seq up to which its history is hidden from them (participants
     * who joined with history off; 0 for who reads by permission). The condition is the access table's read column
     * for this one caller (AccessPolicyTest, AccessMatrixTest and SearchTest hold it to AccessPolicy):
     * <ul>
     *   <li>a client: the conversations they take part in, never INTERNAL;</li>
     *   <li>a member: those they take part in (not PRIVATE), every CLIENT, ORGANISATION, GROUP and ANNOUNCEMENT with
     *       chats.access, the CLIENT conversations of the clients assigned to them, every PRIVATE with
     *       private.access (participation does not count there);</li>
     *   <li>PRIVATE feeds for nobody while private messaging is off.</li>
     * </ul>
     */
    private static String with(Scope scope) {
        StringBuilder readable = new StringBuilder();
        if (scope.client()) {
            readable.append("p.user_id is not null and c.kind <> 'INTERNAL'");
        } else {
            readable.append("(p.user_id is not null and c.kind <> 'PRIVATE')");
            if (scope.chatsAccess()) {
                readable.append(" or c.kind in ('CLIENT', 'ORGANISATION', 'GROUP', 'ANNOUNCEMENT')");
            }
            if (!scope.assignedClientIds().isEmpty()) {
                readable.append(" or (c.kind = 'CLIENT' and c.client_id in (:assigned))");
            }
            if (scope.privateAccess()) {
                readable.append(" or c.kind = 'PRIVATE'");
            }
        }
        return """
                with q (query) as (select websearch_to_tsquery('simple', :q)),
                     readable (cid, hidden) as materialized (
                         select c.id, coalesce(p.visible_from_seq, 0) from conversation c
                         left join participant p on p.conversation_id = c.id and p.user_id = :userId
                         where c.workspace_id = :ws%s%s and (%s))
                """.formatted(scope.conversationId() == null ? "" : " and c.id = :conversationId",
                scope.privateMessaging() ? "" : " and c.kind <> 'PRIVATE'", readable);
    }

    private static Query bind(Query query, Scope scope, String q) {
        query.setParameter("q", q).setParameter("userId", scope.userId()).setParameter("ws", scope.workspaceId());
        if (scope.conversationId() != null) {
            query.setParameter("conversationId", scope.conversationId());
        }
        if (!scope.client() && !scope.assignedClientIds().isEmpty()) {
            query.setParameter("assigned", scope.assignedClientIds());
        }
        return query;
    }

    /** One page of (id, rank) with its snippets: ts_headline runs only for the page's rows. */
    private static String headlined(Scope scope, String page, String order) {
        return with(scope) + "select h.id, h.rank, ts_headline('simple', m.body, q.query, '" + HEADLINE_OPTIONS + "')\n"
                + "from (" + page + ") h join message m on m.id = h.id cross join q order by " + order;
    }

    @SuppressWarnings("unchecked")
    private static List<Row> rows(Query query) {
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Row((UUID) r[0], ((Number) r[1]).floatValue(), (String) r[2])).toList();
    }
}
