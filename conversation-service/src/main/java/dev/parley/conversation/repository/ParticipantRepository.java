package dev.parley.conversation.repository;

import dev.parley.conversation.Participant;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class ParticipantRepository implements PanacheRepositoryBase<Participant, Participant.Key> {

    public Optional<Participant> find(UUID conversationId, String userId) {
        return findByIdOptional(new Participant.Key(conversationId, userId));
    }

    public List<Participant> ofConversation(UUID conversationId) {
        return list("conversationId = ?1 order by joinedAt, userId", conversationId);
    }

    /** The participants of many conversations at once (an announcement batch's visibleTo), by conversation. */
    public Map<UUID, List<Participant>> ofConversations(Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        return list("conversationId in ?1", conversationIds).stream()
                .collect(Collectors.groupingBy(Participant::conversationId));
    }

    /** The caller's participations in many conversations at once (for the conversation list). */
    public Map<UUID, Participant> ofUser(String userId, Collection<UUID> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        return list("userId = ?1 and conversationId in ?2", userId, conversationIds).stream()
                .collect(Collectors.toMap(Participant::conversationId, Function.identity()));
    }

    public long renameEverywhere(String userId, String displayName) {
        return update("displayName = ?1 where userId = ?2", displayName, userId);
    }
}
