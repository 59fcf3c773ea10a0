package dev.flotilla.orchestrator.api;

import dev.flotilla.orchestrator.spec.ServiceDefinition;

import java.util.Objects;

/**
 * One instance of a service: a replica slot (or, for a global service, a node), created from one version of the
 * service's definition. {@code nodeId} is empty until the scheduler places it (a global service's task is created
 * for its node). A slot keeps its older tasks as history.
 *
 * @param specVersion  the service version the task was created from
 * @param spec         the service definition of that version, which the node runs
 * @param desiredState what the manager wants (RUNNING, SHUTDOWN to stop it, REMOVE to stop and forget it);
 *                     written only by the manager, moves forward only
 * @param status       what the node (or, up to ASSIGNED, the manager) reported last; moves forward only
 * @param hostname     the container hostname, chosen when the task is placed; empty before
 * @param updatedAt    when the manager last changed the task (creation, placement, desired state)
 * @param restarts     how many tasks of this slot and service version ended on their own before this one was made
 *                     to replace them (the restart policy's attempts); 0 in states written before it existed
 * @param runningAt    when the task was first reported RUNNING (an update's monitor period counts from it); 0 before
 */
public record Task(String id, String serviceId, String serviceName, int slot, String nodeId, long specVersion,
                   ServiceDefinition spec, TaskState desiredState, TaskStatus status, String hostname,
                   long createdAt, long updatedAt, int restarts, long runningAt) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(desiredState, "desiredState");
        Objects.requireNonNull(status, "status");
        serviceName = serviceName == null ? spec.name() : serviceName;
        nodeId = nodeId == null ? "" : nodeId;
        hostname = hostname == null ? "" : hostname;
        if (restarts < 0) {
            throw new IllegalArgumentException("task " + id + ": restarts cannot be negative");
        }
        if (slot < 0) {
            throw new IllegalArgumentException("task " + id + ": slot cannot be negative");
        }
    }

    /** A new task of {@code service} in {@code slot} (0 with {@code nodeId} for a global service), pending placement. */
    public static Task create(String id, Service service, int slot, String nodeId, long at) {
        return new Task(id, service.id(), service.name(), slot, nodeId, service.version(), service.spec(),
                TaskState.RUNNING, TaskStatus.of(TaskState.NEW, at, "created"), "", at, at, 0, 0);
    }

    /** The same new task as the restart policy's {@code n}th replacement in its slot. */
    public Task withRestarts(int n) {
        return new Task(id, serviceId, serviceName, slot, nodeId, specVersion, spec, desiredState, status, hostname,
                createdAt, updatedAt, n, runningAt);
    }

    /** Swarm's task name: {@code service.slot} for a replica, {@code service.nodeId} for a global task. */
    public String name() {
        return serviceName + "." + (slot > 0 ? Integer.toString(slot) : nodeId);
    }

    /** The slot's key within its service: the slot number, or the node of a global task. */
    public String slotKey() {
        return slot > 0 ? "slot:" + slot : "node:" + nodeId;
    }

    /** The manager still wants it to run. */
    public boolean isLive() {
        return desiredState == TaskState.RUNNING;
    }

    public TaskState state() {
        return status.state();
    }

    public Task withStatus(TaskStatus s) {
        long running = runningAt == 0 && s.state() == TaskState.RUNNING ? s.timestamp() : runningAt;
        return new Task(id, serviceId, serviceName, slot, nodeId, specVersion, spec, desiredState, s, hostname,
                createdAt, updatedAt, restarts, running);
    }

    public Task withDesiredState(TaskState d, long at) {
        return new Task(id, serviceId, serviceName, slot, nodeId, specVersion, spec, d, status, hostname, createdAt, at,
                restarts, runningAt);
    }

    public Task assigned(String node, String host, long at) {
        return new Task(id, serviceId, serviceName, slot, node, specVersion, spec, desiredState,
                TaskStatus.of(TaskState.ASSIGNED, at, "scheduled"), host, createdAt, at, restarts, runningAt);
    }
}
