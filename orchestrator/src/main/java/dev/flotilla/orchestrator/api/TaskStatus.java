package dev.flotilla.orchestrator.api;

import java.util.Objects;

/**
 * Where a task is and since when, with what went wrong if anything.
 *
 * @param message     a short note on the state ("started", "no suitable node (...)" while pending)
 * @param error       why the task failed or was rejected, for {@code service ps}; empty otherwise
 * @param exitCode    the container's exit code once it has ended, else null
 * @param containerId the container the node runs the task in, once created; empty before
 */
public record TaskStatus(TaskState state, long timestamp, String message, String error, Integer exitCode,
                         String containerId) {
    public TaskStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        error = error == null ? "" : error;
        containerId = containerId == null ? "" : containerId;
    }

    public static TaskStatus of(TaskState state, long at, String message) {
        return new TaskStatus(state, at, message, "", null, "");
    }

    public TaskStatus withContainerId(String id) {
        return new TaskStatus(state, timestamp, message, error, exitCode, id);
    }
}
