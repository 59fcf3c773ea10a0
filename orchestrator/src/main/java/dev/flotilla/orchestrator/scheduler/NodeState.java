package dev.flotilla.orchestrator.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A node during one scheduling pass: its facts plus what this pass has placed on it. Not shared between threads. */
final class NodeState {
    final NodeInfo info;
    final String role;
    long freeCpu;
    long freeMemory;
    int totalTasks;
    private Set<BoundPort> ports;
    private Map<String, Integer> perService;
    private boolean changed;

    NodeState(NodeInfo info) {
        this.info = info;
        this.role = info.role().lowerName();
        this.freeCpu = info.freeNanoCpus();
        this.freeMemory = info.freeMemoryBytes();
        this.totalTasks = info.totalTasks();
        this.ports = info.usedHostPorts();
        this.perService = info.tasksPerService();
    }

    int tasksOf(String serviceId) {
        Integer n = perService.get(serviceId);
        return n == null ? 0 : n;
    }

    boolean portsFree(List<BoundPort> wanted) {
        for (BoundPort p : wanted) {
            if (ports.contains(p)) {
                return false;
            }
        }
        return true;
    }

    /** Counts {@code count} more tasks of a batch on this node. */
    void place(TaskRequest.Batch batch, int count) {
        if (!changed) {
            ports = new HashSet<>(ports);
            perService = new HashMap<>(perService);
            changed = true;
        }
        freeCpu -= batch.nanoCpus() * count;
        freeMemory -= batch.memoryBytes() * count;
        totalTasks += count;
        ports.addAll(batch.hostPorts());
        perService.merge(batch.serviceId(), count, Integer::sum);
    }

    NodeInfo toInfo() {
        if (!changed) {
            return info;
        }
        return new NodeInfo(info.id(), info.hostname(), info.role(), info.labels(), info.ready(), info.availability(),
                info.totalNanoCpus(), info.totalMemoryBytes(), info.totalNanoCpus() - freeCpu,
                info.totalMemoryBytes() - freeMemory, ports, perService);
    }
}
