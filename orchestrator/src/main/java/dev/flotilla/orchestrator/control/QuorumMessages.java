package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.wire.ApiProblem;

/** The words users see when the managers cannot act, in the spirit of Swarm's lost-quorum message. */
public final class QuorumMessages {
    private QuorumMessages() {
    }

    public static ApiProblem noLeader(long reachable, int managers) {
        int needed = managers / 2 + 1;
        return new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_LEADER", "The cluster does not have a leader. It's"
                + " possible that too few managers are online: " + reachable + " of " + managers + " managers "
                + (reachable == 1 ? "is" : "are") + " reachable from this one. Make sure more than half of the managers"
                + " (at least " + needed + " of " + managers + ") are online.");
    }

    /** No leader although a majority answers: an election is running (or just ended). */
    public static ApiProblem electing(long reachable, int managers) {
        return new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "ELECTING", "The cluster is electing a leader (" + reachable
                + " of " + managers + " managers are reachable); retry in a moment.");
    }

    public static ApiProblem leaderSilent(String leader, String detail) {
        return new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "LEADER_UNRESPONSIVE", "The leader (" + leader + ") did not"
                + " answer in time; the managers will elect another one if it stays silent. Retry in a moment. ("
                + detail + ")");
    }

    /**
     * A write that timed out may already sit in a leader's log (a leader keeps its role for a moment after losing
     * its majority); Raft then commits it once a majority is back. Say so, rather than promise it was refused.
     */
    public static ApiProblem writeOutcomeUnknown(ApiProblem p) {
        return new ApiProblem(p.kind(), p.code(), p.getMessage() + " If a leader accepted this change just before it"
                + " lost its majority, the change takes effect once a majority is back: check the current state"
                + " before you retry.", p.leader());
    }

    /** Shown when the manager count becomes even after a promotion. */
    public static String evenManagers(long managers) {
        long tolerated = (managers - 1) / 2;
        return "The cluster now has " + managers + " managers. An even number of managers adds no fault tolerance: "
                + managers + " managers tolerate the loss of " + tolerated + ", as " + (managers - 1) + " do, and need "
                + (managers / 2 + 1) + " online. Promote or demote one more node to get an odd number.";
    }
}
