package dev.flotilla.orchestrator.store;

/**
 * A write or linearizable read could not complete before its deadline: no leader (quorum lost or an election
 * running), or the leader did not answer. The HTTP layer turns it into the no-leader message.
 *
 * @see #leaderKnown()
 */
public final class Unavailable extends Exception {
    private final boolean leaderKnown;

    public Unavailable(String message, boolean leaderKnown, Throwable cause) {
        super(message, cause);
        this.leaderKnown = leaderKnown;
    }

    /** False when this member knew of no leader at the deadline (the quorum case). */
    public boolean leaderKnown() {
        return leaderKnown;
    }
}
