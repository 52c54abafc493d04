package dev.parley.conversation.repository;

import dev.parley.conversation.Participant;
import dev.parley.conversation.ReaderState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class ReaderStateRepository implements PanacheRepositoryBase<ReaderState, Participant.Key> {

    public Optional<ReaderState> find(UUID conversationId, String userId) {
        return findByIdOptional(new Participant.Key(conversationId, userId));
    }

    /** The person's state, created (unread from the start) on first use. */
    public ReaderState findOrCreate(UUID conversationId, String userId, Instant at) {
        return find(conversationId, userId).orElseGet(() -> {
            ReaderState state = new ReaderState(conversationId, userId, at);
            persist(state);
            return state;
        });
    }

    public Map<UUID, ReaderState> ofUser(String userId, Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        return list("userId = ?1 and conversationId in ?2", userId, conversationIds).stream()
                .collect(Collectors.toMap(ReaderState::conversationId, Function.identity()));
    }

    public List<ReaderState> readersOf(UUID conversationId) {
        return list("conversationId = ?1 and lastReadSeq > 0 order by userId", conversationId);
    }

    public long forget(Collection<UUID> conversationIds, String userId) {
        if (conversationIds.isEmpty()) {
            return 0;
        }
        return delete("conversationId in ?1 and userId = ?2", conversationIds, userId);
    }
}
