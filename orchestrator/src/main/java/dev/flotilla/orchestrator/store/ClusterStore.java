package dev.flotilla.orchestrator.store;

import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;

/**
 * The seam between the manager's logic and the replicated log: read the cluster state, propose a command. The
 * Raft implementation replicates through Ratis; {@link MemoryStore} applies in place, for tests of the loops and
 * operations that run above it. Commands are validated and applied by {@link dev.flotilla.orchestrator.state.ClusterLogic}
 * in both, so a test against the memory store sees the same accept/reject decisions as the cluster.
 */
public interface ClusterStore {
    /** The node id of the manager this store belongs to. */
    String selfId();

    /** The state as applied here, possibly behind the leader: for display and loops, not for decisions. */
    ClusterState local();

    /** A linearizable read: everything committed before the call is applied in the returned state. */
    ClusterState read() throws Unavailable;

    /** Replicates {@code command}; a rejection comes back as a failed {@link Result}, a lost quorum as Unavailable. */
    Result propose(Command command) throws Unavailable;

    /** This member's view of the Raft group (role, leader, term, indexes, voters). */
    RaftStatus status();

    default boolean isLeader() {
        return status().isLeader();
    }
}
