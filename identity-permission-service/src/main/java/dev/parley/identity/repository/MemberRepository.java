package dev.parley.identity.repository;

import dev.parley.identity.Member;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<Member, UUID> {
    public Optional<Member> inWorkspace(UUID workspaceId, UUID memberId) {
        return find("workspaceId = ?1 and id = ?2", workspaceId, memberId).firstResultOptional();
    }

    public Optional<Member> byUser(UUID workspaceId, String userId) {
        return find("workspaceId = ?1 and userId = ?2", workspaceId, userId).firstResultOptional();
    }

    public List<Member> ofUser(String userId) {
        return list("userId", Sort.by("id"), userId);
    }

    /** One page in id (creation) order after the cursor. */
    public List<Member> page(UUID workspaceId, UUID after, int limit) {
        return find("workspaceId = ?1 and id > ?2", Sort.by("id"), workspaceId, after).page(0, limit).list();
    }

    public List<Member> inGroup(UUID workspaceId, UUID groupId) {
        return list("select m from Member m where m.workspaceId = ?1 and ?2 member of m.groupIds order by m.id",
                workspaceId, groupId);
    }
}
