package dev.parley.conversation.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.Message;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.SearchRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Full-text search over the messages the caller may read (the read rule is part of the SQL, see
 * {@link SearchRepository}), never deleted messages, never another workspace.
 *
 * <p>Order: a word found in more than {@code parley.search.ranked-window} messages ranks only the newest that many
 * matches (best {@code ts_rank} first), then lists the older matches newest first; a rarer word ranks all its
 * matches. Ranking every match of a word in one message of six means reading and scoring hundreds of thousands of
 * rows for a page of 20; chat products (Slack, Intercom) favour recent matches anyway.
 */
@ApplicationScoped
public class SearchService {
    public static final int MAX_QUERY_CHARS = 200;

    private final ConversationAccess access;
    private final SearchRepository search;
    private final MessageRepository messages;
    private final int rankedWindow;

    public SearchService(ConversationAccess access, SearchRepository search, MessageRepository messages,
                         @ConfigProperty(name = "parley.search.ranked-window", defaultValue = "1000") int rankedWindow) {
        this.access = access;
        this.search = search;
        this.messages = messages;
        this.rankedWindow = rankedWindow;
    }

    /** One match: the message as its history shows it, its rank and a snippet with the matches between « and ». */
    public record Hit(Views.MessageView message, double rank, String snippet) {
    }

    @Transactional
    public Views.Page<Hit> search(Caller caller, String q, UUID conversationId, String cursor, Integer limit) {
        if (q == null || q.isBlank() || q.length() > MAX_QUERY_CHARS) {
            throw ProblemException.invalid("q", "must be 1 to " + MAX_QUERY_CHARS + " characters");
        }
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > 100) {
            throw ProblemException.invalid("limit", "must be between 1 and 100");
        }
        Cursor after = cursor == null || cursor.isEmpty() ? null : Cursor.parse(cursor);
        if (conversationId != null) {
            access.readable(caller, conversationId); // 404 when not readable
        }
        SearchRepository.Scope scope = new SearchRepository.Scope(caller.workspaceId(), caller.userId(),
                caller.client(), caller.has(Permission.CHATS_ACCESS), caller.has(Permission.PRIVATE_ACCESS),
                caller.settings().privateMessagingEnabled(), access.assignedClientIds(caller), conversationId);

        search.planForEachWord();
        // the window's floor is fixed by page 1 and travels in the cursor: later pages rank the same window (plus
        // what arrived since), so paging neither repeats nor skips a match
        UUID floor;
        List<SearchRepository.Row> rows = new ArrayList<>();
        if (after == null) {
            SearchRepository.FirstPage first = search.first(scope, q, rankedWindow, size + 1);
            floor = first.floor();
            rows.addAll(first.rows());
        } else {
            floor = after.floor();
            if (after.ranked()) {
                rows.addAll(search.ranked(scope, q, floor, after.rank(), after.id(), size + 1));
            }
        }
        int ranked = rows.size();
        if (floor != null && rows.size() <= size) {
            rows.addAll(search.older(scope, q, floor, after == null || after.ranked() ? null : after.id(),
                    size + 1 - rows.size()));
        }
        boolean more = rows.size() > size;
        List<SearchRepository.Row> page = more ? rows.subList(0, size) : rows;
        Map<UUID, Message> byId = messages.byIds(page.stream().map(SearchRepository.Row::id).toList()).stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        List<Hit> hits = new ArrayList<>();
        for (SearchRepository.Row row : page) {
            Message m = byId.get(row.id());
            if (m != null) {
                hits.add(new Hit(Views.MessageView.of(m), row.rank(), row.snippet()));
            }
        }
        if (!more) {
            return new Views.Page<>(hits, null);
        }
        SearchRepository.Row tail = page.get(page.size() - 1);
        boolean tailRanked = page.size() <= ranked;
        return new Views.Page<>(hits, new Cursor(floor, tailRanked, tail.rank(), tail.id()).encode());
    }

    /**
     * Opaque cursor, base64url: the window's floor (the oldest ranked match, none when every match is ranked),
     * whether the last hit was in the ranked window, its rank (PostgreSQL's real, exact as a Java float) and its id.
     */
    record Cursor(UUID floor, boolean ranked, float rank, UUID id) {
        String encode() {
            String raw = (floor == null ? "-" : floor.toString()) + "." + (ranked ? "r" : "o") + "."
                    + Float.floatToIntBits(rank) + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
                if (parts.length != 4 || !(parts[1].equals("r") || parts[1].equals("o"))
                        || (parts[0].equals("-") && parts[1].equals("o"))) {
                    throw new IllegalArgumentException(cursor);
                }
                return new Cursor(parts[0].equals("-") ? null : UUID.fromString(parts[0]), parts[1].equals("r"),
                        Float.intBitsToFloat(Integer.parseInt(parts[2])), UUID.fromString(parts[3]));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("cursor", "not a cursor this service issued");
            }
        }
    }
}
