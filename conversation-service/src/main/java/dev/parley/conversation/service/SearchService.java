package dev.parley.conversation.service;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.AccessPolicy;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.conversation.Participant;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.ParticipantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Full-text search over the messages the caller may read: the conversations come from the same candidates query
 * and AccessPolicy as the conversation list, each with the seq up to which history is hidden from the caller, and
 * PostgreSQL matches only inside those (never deleted messages, never another workspace).
 */
@ApplicationScoped
public class SearchService {
    public static final int MAX_QUERY_CHARS = 200;
    private static final int CANDIDATE_PAGE = 500;

    private final ConversationAccess access;
    private final ConversationRepository conversations;
    private final ParticipantRepository participants;
    private final MessageRepository messages;

    public SearchService(ConversationAccess access, ConversationRepository conversations,
                         ParticipantRepository participants, MessageRepository messages) {
        this.access = access;
        this.conversations = conversations;
        this.participants = participants;
        this.messages = messages;
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
        Map<UUID, Long> hiddenUpTo = new LinkedHashMap<>();
        if (conversationId != null) {
            ConversationAccess.Seen seen = access.readable(caller, conversationId); // 404 when not readable
            hiddenUpTo.put(conversationId, seen.hiddenUpToSeq());
        } else {
            readable(caller, hiddenUpTo);
        }
        if (hiddenUpTo.isEmpty()) {
            return new Views.Page<>(List.of(), null);
        }
        List<MessageRepository.SearchRow> rows = messages.search(hiddenUpTo, q,
                after == null ? null : after.rank(), after == null ? null : after.id(), size + 1);
        boolean more = rows.size() > size;
        List<MessageRepository.SearchRow> page = more ? rows.subList(0, size) : rows;
        Map<UUID, Message> byId = messages.byIds(page.stream().map(MessageRepository.SearchRow::id).toList()).stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        List<Hit> hits = new ArrayList<>();
        for (MessageRepository.SearchRow row : page) {
            Message m = byId.get(row.id());
            if (m != null) {
                hits.add(new Hit(Views.MessageView.of(m), row.rank(), row.snippet()));
            }
        }
        MessageRepository.SearchRow tail = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Views.Page<>(hits, more && tail != null ? new Cursor(tail.rank(), tail.id()).encode() : null);
    }

    /** Every conversation the caller reads (archived or not), with the seq up to which its history is hidden. */
    private void readable(Caller caller, Map<UUID, Long> hiddenUpTo) {
        boolean privateAccess = caller.has(Permission.PRIVATE_ACCESS) && caller.settings().privateMessagingEnabled();
        var assigned = access.assignedClientIds(caller);
        for (boolean archived : new boolean[]{false, true}) {
            Conversation tail = null;
            while (true) {
                List<Conversation> rows = conversations.candidates(new ConversationRepository.Candidates(
                        caller.workspaceId(), caller.userId(), caller.client(), caller.has(Permission.CHATS_ACCESS),
                        privateAccess, assigned, null, null, archived,
                        tail == null ? null : tail.lastActivityAt(), tail == null ? null : tail.id(), CANDIDATE_PAGE));
                Map<UUID, Participant> mine = participants.ofUser(caller.userId(),
                        rows.stream().map(Conversation::id).toList());
                for (Conversation conversation : rows) {
                    ConversationAccess.Seen seen = access.seen(caller, conversation, mine.get(conversation.id()));
                    if (AccessPolicy.canRead(seen.context())) {
                        hiddenUpTo.put(conversation.id(), seen.hiddenUpToSeq());
                    }
                }
                if (rows.size() < CANDIDATE_PAGE) {
                    break;
                }
                tail = rows.get(rows.size() - 1);
            }
        }
    }

    /** Opaque cursor: the last hit's (rank, id), base64url; rank is PostgreSQL's real, exact as a Java float. */
    record Cursor(float rank, UUID id) {
        String encode() {
            String raw = Float.floatToIntBits(rank) + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
                return new Cursor(Float.intBitsToFloat(Integer.parseInt(parts[0])), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("cursor", "not a cursor this service issued");
            }
        }
    }
}
