package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.store.RaftEndpoint;

import java.util.List;

/** What the state machine tells the rest of the manager. Called on Ratis threads: keep handlers short. */
public interface StateEvents {
    /** This member is leader and has committed an entry of its term: start the leader-only loops. */
    default void leaderReady() {
    }

    /** Leadership moved (or was lost: {@code leaderId} is null). */
    default void leaderChanged(String leaderId, boolean self) {
    }

    /** A command was applied; {@code state} is the new state, as of the log entry at {@code index}. */
    default void applied(ClusterState state, long index) {
    }

    /** The voting members changed. */
    default void votersChanged(List<RaftEndpoint> voters) {
    }

    StateEvents NONE = new StateEvents() {
    };
}
