package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.spec.Constraint;

import java.util.List;
import java.util.Objects;

/**
 * A task waiting for a node. Tasks of one service with the same requirements are scheduled as a batch.
 *
 * @param slot         the replica slot (0 for a global service's task)
 * @param pinnedNodeId for a global service's task, the only node it may go to; otherwise {@code null}
 * @param maxPerNode   {@code --replicas-max-per-node}; 0 when unlimited
 */
public record TaskRequest(String taskId, String serviceId, int slot, String pinnedNodeId, List<Constraint> constraints,
                          long nanoCpus, long memoryBytes, List<BoundPort> hostPorts, int maxPerNode) {
    public TaskRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(serviceId, "serviceId");
        constraints = List.copyOf(constraints);
        hostPorts = List.copyOf(hostPorts);
        if (nanoCpus < 0 || memoryBytes < 0 || maxPerNode < 0 || slot < 0) {
            throw new IllegalArgumentException("task " + taskId + ": reservations, slot and max per node cannot be negative");
        }
    }

    /** A replicated task with no constraints, reservations or ports. */
    public static TaskRequest simple(String taskId, String serviceId, int slot) {
        return new TaskRequest(taskId, serviceId, slot, null, List.of(), 0, 0, List.of(), 0);
    }

    /** What makes two tasks interchangeable for placement. */
    Batch batchKey() {
        return new Batch(serviceId, pinnedNodeId, constraints, nanoCpus, memoryBytes, hostPorts, maxPerNode);
    }

    record Batch(String serviceId, String pinnedNodeId, List<Constraint> constraints, long nanoCpus, long memoryBytes,
                 List<BoundPort> hostPorts, int maxPerNode) {
    }
}
