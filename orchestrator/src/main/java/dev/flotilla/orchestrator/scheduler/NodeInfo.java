package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.NodeRole;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the scheduler knows about a node: identity and labels for constraints, readiness and availability,
 * capacity and what is already reserved, host ports in use, and how many tasks of each service it runs.
 *
 * @param tasksPerService service id to number of tasks of that service on the node (those that count for spread)
 */
public record NodeInfo(String id, String hostname, NodeRole role, Map<String, String> labels, boolean ready,
                       Availability availability, long totalNanoCpus, long totalMemoryBytes, long reservedNanoCpus,
                       long reservedMemoryBytes, Set<BoundPort> usedHostPorts, Map<String, Integer> tasksPerService) {
    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(availability, "availability");
        labels = Map.copyOf(labels);
        usedHostPorts = Set.copyOf(usedHostPorts);
        tasksPerService = Map.copyOf(tasksPerService);
        if (totalNanoCpus < 0 || totalMemoryBytes < 0 || reservedNanoCpus < 0 || reservedMemoryBytes < 0) {
            throw new IllegalArgumentException("node " + id + ": capacities and reservations cannot be negative");
        }
    }

    /** An empty, ready, active node. */
    public static NodeInfo idle(String id, String hostname, NodeRole role, long nanoCpus, long memoryBytes) {
        return new NodeInfo(id, hostname, role, Map.of(), true, Availability.ACTIVE, nanoCpus, memoryBytes, 0, 0,
                Set.of(), Map.of());
    }

    public int totalTasks() {
        int sum = 0;
        for (int n : tasksPerService.values()) {
            sum += n;
        }
        return sum;
    }

    public int tasksOf(String serviceId) {
        return tasksPerService.getOrDefault(serviceId, 0);
    }

    public long freeNanoCpus() {
        return totalNanoCpus - reservedNanoCpus;
    }

    public long freeMemoryBytes() {
        return totalMemoryBytes - reservedMemoryBytes;
    }

    public NodeInfo withAvailability(Availability value) {
        return new NodeInfo(id, hostname, role, labels, ready, value, totalNanoCpus, totalMemoryBytes,
                reservedNanoCpus, reservedMemoryBytes, usedHostPorts, tasksPerService);
    }

    public NodeInfo withReady(boolean value) {
        return new NodeInfo(id, hostname, role, labels, value, availability, totalNanoCpus, totalMemoryBytes,
                reservedNanoCpus, reservedMemoryBytes, usedHostPorts, tasksPerService);
    }

    public NodeInfo withLabels(Map<String, String> value) {
        return new NodeInfo(id, hostname, role, value, ready, availability, totalNanoCpus, totalMemoryBytes,
                reservedNanoCpus, reservedMemoryBytes, usedHostPorts, tasksPerService);
    }
}
