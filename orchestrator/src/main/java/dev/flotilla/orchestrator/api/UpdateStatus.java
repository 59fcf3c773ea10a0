package dev.flotilla.orchestrator.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the service's last rolling update (or rollback) stands, as Swarm's UpdateStatus, shown by
 * {@code service inspect}.
 *
 * @param startedAt   when the update (or the rollback) began
 * @param completedAt when it completed, 0 while it runs or is paused
 * @param message     what happened, in Swarm's words ("update completed", "update paused due to failure or early
 *                    termination of task ...")
 */
public record UpdateStatus(State state, long startedAt, long completedAt, String message) {
    public UpdateStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }

    public enum State {
        UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED;

        /** Swarm's spelling, as {@code service inspect --pretty} shows it: {@code updating}, {@code rollback_started}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static UpdateStatus updating(long at) {
        return new UpdateStatus(State.UPDATING, at, 0, "update in progress");
    }

    public static UpdateStatus rollingBack(long at, String message) {
        return new UpdateStatus(State.ROLLBACK_STARTED, at, 0, message);
    }

    /** A rollback (started by hand or by the failure action) is under way or paused. */
    public boolean rollingBack() {
        return state == State.ROLLBACK_STARTED || state == State.ROLLBACK_PAUSED;
    }

    /** Tasks are still being replaced: updating or rolling back, not paused, not completed. */
    public boolean inProgress() {
        return state == State.UPDATING || state == State.ROLLBACK_STARTED;
    }

    public boolean paused() {
        return state == State.PAUSED || state == State.ROLLBACK_PAUSED;
    }

    /** The same update, paused by its failure action because of {@code taskId}. */
    public UpdateStatus pausedBy(String taskId) {
        return rollingBack()
                ? new UpdateStatus(State.ROLLBACK_PAUSED, startedAt, 0,
                "rollback paused due to failure or early termination of task " + taskId)
                : new UpdateStatus(State.PAUSED, startedAt, 0,
                "update paused due to failure or early termination of task " + taskId);
    }

    /** The same update, done. */
    public UpdateStatus completed(long at) {
        return rollingBack() ? new UpdateStatus(State.ROLLBACK_COMPLETED, startedAt, at, "rollback completed")
                : new UpdateStatus(State.COMPLETED, startedAt, at, "update completed");
    }
}
