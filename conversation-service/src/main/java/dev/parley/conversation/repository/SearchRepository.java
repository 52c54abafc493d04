package dev.parley.conversation.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Full-text search SQL. The conversations the caller reads are a condition inside the statement ({@link Scope}),
 * not a list of ids computed in Java first: a member with chats.access in a workspace of thousands of conversations
 * costs the same as a client with one.
 */
@ApplicationScoped
public class SearchRepository {
    /**
     * {@code q} in websearch syntax (words, "phrases", -not, or), written out wherever it is used rather than held in
     * a CTE: a constant the planner looks up in the GIN index's statistics, which is how it tells a common word
     * (walk the newest messages) from a rare one (use the index).
     */
    private static final String QUERY = "websearch_to_tsquery('simple', :q)";
    /** Messages of the readable conversations that match, above the seq each hides from the caller, not deleted. */
    private static final String MATCHES = """

            from message m join readable r on m.conversation_id = r.cid and m.seq > r.hidden
            where m.body_tsv @@ %s and m.deleted_at is null""".formatted(QUERY);
    private static final String HEADLINE = "ts_headline('simple', m.body, " + QUERY
            + ", 'StartSel=«, StopSel=», MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"')";

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

    /** Page 1, and the window's floor (its oldest match; null when every match is in the window). */
    public record FirstPage(List<Row> rows, UUID floor) {
    }

    /**
     * Page 1 in one statement: the newest {@code window} matches (ids are time-ordered UUIDv7), the best
     * {@code limit} of them by {@code ts_rank} (then newest), and the oldest of them when the window is full.
     * PostgreSQL walks the primary key backwards for a common word (a few rows read per match, stopping at the
     * window) and sorts the GIN index's matches for a rare one, as its statistics say.
     */
    public FirstPage first(Scope scope, String q, int window, int limit) {
        String sql = with(scope) + """
                , win as materialized (select m.id, ts_rank(m.body_tsv, %1$s) as rank%2$s order by m.id desc limit :window)
                select h.id, h.rank, %3$s, (select id from win order by id desc offset :lastInWindow limit 1)
                from (select id, rank from win order by rank desc, id desc limit :limit) h join message m on m.id = h.id
                order by h.rank desc, h.id desc""".formatted(QUERY, MATCHES, HEADLINE);
        Query query = em.createNativeQuery(sql).setParameter("window", window)
                .setParameter("lastInWindow", window - 1).setParameter("limit", limit);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = bind(query, scope, q).getResultList();
        return new FirstPage(rows.stream().map(SearchRepository::row).toList(),
                rows.isEmpty() ? null : (UUID) rows.get(0)[3]);
    }

    /**
     * Later pages of the window: matches from {@code floor} on (all of them when null), best {@code ts_rank} first,
     * then newest, after the keyset (afterRank, afterId).
     */
    public List<Row> ranked(Scope scope, String q, UUID floor, float afterRank, UUID afterId, int limit) {
        String page = "select id, rank from (select m.id, ts_rank(m.body_tsv, " + QUERY + ") as rank" + MATCHES
                + (floor == null ? "" : " and m.id >= :floor") + ") hit"
                + " where rank < :afterRank or (rank = :afterRank and id < :afterId)"
                + " order by rank desc, id desc limit :limit";
        Query query = em.createNativeQuery(headlined(scope, page, "h.rank desc, h.id desc")).setParameter("limit", limit)
                .setParameter("afterRank", afterRank).setParameter("afterId", afterId);
        if (floor != null) {
            query.setParameter("floor", floor);
        }
        return rows(bind(query, scope, q));
    }

    /** Matches older than {@code floor} (and than afterId when given), newest first: what lies past the window. */
    public List<Row> older(Scope scope, String q, UUID floor, UUID afterId, int limit) {
        String page = "select m.id, ts_rank(m.body_tsv, " + QUERY + ") as rank" + MATCHES + " and m.id < :floor"
                + (afterId == null ? "" : " and m.id < :afterId") + " order by m.id desc limit :limit";
        Query query = em.createNativeQuery(headlined(scope, page, "h.id desc"))
                .setParameter("floor", floor).setParameter("limit", limit);
        if (afterId != null) {
            query.setParameter("afterId", afterId);
        }
        return rows(bind(query, scope, q));
    }

    /**
     * Plans are made for the word searched: a prepared statement's generic plan (pgjdbc prepares a statement on the
     * server after five uses) cannot tell a word in every sixth message from one in a few, and the right plans
     * differ by orders of magnitude. For this transaction only.
     */
    public void planForEachWord() {
        em.createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
    }

    /**
     * {@code readable (cid, hidden)}: every conversation of the workspace the caller may read, with the seq up to
     * which its history is hidden from them (participants who joined with history off; 0 for who reads by
     * permission). The condition is the access table's read column for this one caller (AccessMatrixTest and
     * SearchTest hold it to the table the rest of the service asks AccessPolicy about):
     * <ul>
     *   <li>a client: the conversations they take part in, never INTERNAL;</li>
     *   <li>a member: those they take part in (not PRIVATE), every CLIENT, ORGANISATION, GROUP and ANNOUNCEMENT with
     *       chats.access, the CLIENT conversations of the clients assigned to them, every PRIVATE with
     *       private.access (participation does not count there);</li>
     *   <li>PRIVATE feeds for nobody while private messaging is off.</li>
     * </ul>
     * Not materialized: walking the newest messages, PostgreSQL looks each one's conversation and participation up
     * by primary key, and a client's few conversations drive an index scan of their messages instead.
     */
    private static String with(Scope scope) {
        StringBuilder readable = new StringBuilder();
        if (scope.client()) {
            readable.append("p.user_id is not null and c.kind <> 'INTERNAL'");
        } else {
            readable.append("(p.user_id is not null and c.kind <> 'PRIVATE')")
                    .append(ReadGrants.orTerms(scope.chatsAccess(), !scope.assignedClientIds().isEmpty(), scope.privateAccess()));
        }
        return """
                with readable (cid, hidden) as (
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
        return with(scope) + "select h.id, h.rank, " + HEADLINE + "\nfrom (" + page + ") h join message m on m.id = h.id"
                + " order by " + order;
    }

    @SuppressWarnings("unchecked")
    private static List<Row> rows(Query query) {
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(SearchRepository::row).toList();
    }

    private static Row row(Object[] r) {
        return new Row((UUID) r[0], ((Number) r[1]).floatValue(), (String) r[2]);
    }
}
