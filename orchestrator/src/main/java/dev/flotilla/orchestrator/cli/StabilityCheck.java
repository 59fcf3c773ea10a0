package dev.flotilla.orchestrator.cli;

import java.util.Set;

/**
 * The "verify" step of a service change, as docker's: once the tasks match the definition, they must stay running for
 * a while before the service counts as converged, so a command that exits after a second is reported as failing
 * instead of "converged". Tasks already running for the whole window count at once. Pure: fed with what each poll
 * saw and the time.
 */
final class StabilityCheck {
    enum Step {
        /** Nothing to say. */
        NONE,
        /** The tasks match: the window starts. */
        WAITING,
        /** A task stopped or was replaced within the window: the wait goes on. */
        FAILURE,
        /** The tasks stayed up for the window. */
        STABLE
    }

    private final long windowMillis;
    private Set<String> watched;
    private long since;

    StabilityCheck(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * @param converged   the tasks match the definition now
     * @param runningIds  the ids of those running tasks
     * @param lastStarted when the most recently started of them began running (ms)
     */
    Step next(boolean converged, Set<String> runningIds, long lastStarted, long now) {
        if (!converged) {
            boolean lost = watched != null;
            watched = null;
            return lost ? Step.FAILURE : Step.NONE;
        }
        if (runningIds.isEmpty() || now - lastStarted >= windowMillis) {
            return Step.STABLE;
        }
        if (watched == null || !watched.equals(runningIds)) {
            boolean replaced = watched != null;
            watched = Set.copyOf(runningIds);
            since = now;
            return replaced ? Step.FAILURE : Step.WAITING;
        }
        return now - since >= windowMillis ? Step.STABLE : Step.NONE;
    }
}
