package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceMode;

import java.util.ArrayList;
import java.util.List;

/** Builds the scheduler's view of a task from its service definition. */
public final class TaskRequests {
    private TaskRequests() {
    }

    /**
     * @param pinnedNodeId the node of a global service's task; {@code null} for a replicated one
     */
    public static TaskRequest of(ServiceDefinition service, String serviceId, String taskId, int slot, String pinnedNodeId) {
        if ((service.mode() == ServiceMode.GLOBAL) != (pinnedNodeId != null)) {
            throw new IllegalArgumentException("a global service's tasks, and only they, are pinned to a node: " + taskId);
        }
        List<BoundPort> ports = new ArrayList<>(service.ports().size());
        for (PortSpec p : service.ports()) {
            ports.add(new BoundPort(p.published(), p.protocol()));
        }
        return new TaskRequest(taskId, serviceId, slot, pinnedNodeId, service.constraints(),
                service.reservations().nanoCpus(), service.reservations().memoryBytes(), ports,
                service.maxReplicasPerNode());
    }
}
