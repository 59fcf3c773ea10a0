package dev.flotilla.orchestrator.api;

import java.util.Objects;

/**
 * Where a task is and since when, with what went wrong if anything.
 *
 * @param exitCode the container's exit code once it has ended, else null
 */
public record TaskStatus(TaskState state, long timestamp, String message, String error, Integer exitCode) {
    public TaskStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        error = error == null ? "" : error;
    }

    public static TaskStatus of(TaskState state, long at, String message) {
        return new TaskStatus(state, at, message, "", null);
    }
}
