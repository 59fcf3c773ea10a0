package dev.flotilla.orchestrator.api;

import java.util.Objects;

/**
 * One instance of a service in one slot. {@code nodeId} is empty until the scheduler places it.
 *
 * @param desiredState what the manager wants (RUNNING, or SHUTDOWN to stop it); written only by the manager
 * @param status       what the node reported last; moves forward only
 */
public record Task(String id, String serviceId, int slot, String nodeId, TaskState desiredState, TaskStatus status,
                   long createdAt) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(desiredState, "desiredState");
        Objects.requireNonNull(status, "status");
        nodeId = nodeId == null ? "" : nodeId;
    }

    public Task withStatus(TaskStatus s) {
        return new Task(id, serviceId, slot, nodeId, desiredState, s, createdAt);
    }

    public Task withDesiredState(TaskState d) {
        return new Task(id, serviceId, slot, nodeId, d, status, createdAt);
    }
}
