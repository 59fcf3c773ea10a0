package dev.flotilla.orchestrator.store;

import java.util.List;

/**
 * This manager's view of the group.
 *
 * @param role      LEADER, FOLLOWER, CANDIDATE, LISTENER, or NONE when this member has no Raft server running
 * @param leaderId  the leader it follows, or empty
 */
public record RaftStatus(String role, String leaderId, long term, long commitIndex, long appliedIndex,
                         List<RaftEndpoint> voters) {
    public boolean isLeader() {
        return "LEADER".equals(role);
    }
}
