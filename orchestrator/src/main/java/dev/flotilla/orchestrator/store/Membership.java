package dev.flotilla.orchestrator.store;

import java.time.Duration;
import java.util.Map;

/** Changes to the group of managers that vote, and what {@code flotilla info} shows of its tuning. */
public interface Membership {
    /** The Raft group's id, as nodes keep it in their identity. */
    String groupId();

    /** Adds a voter; returns once it has caught up and the new configuration is committed. */
    void addVoter(RaftEndpoint member) throws Unavailable;

    void removeVoter(String memberId) throws Unavailable;

    void transferLeadership(String target, Duration timeout) throws Unavailable;

    /** Election timeouts, snapshot interval and the like, in the units their names say. */
    Map<String, Object> tuning();
}
