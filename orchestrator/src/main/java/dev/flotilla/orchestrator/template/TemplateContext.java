package dev.flotilla.orchestrator.template;

import java.util.Objects;

/**
 * What a template can refer to for one task on one node. {@code slot} is 0 for a global service's task, whose
 * name then carries the node id instead of a slot, as Swarm names them.
 */
public record TemplateContext(String serviceName, String serviceId, int slot, String taskId, String taskName,
                              String nodeHostname, String nodeId) {
    public TemplateContext {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(nodeHostname, "nodeHostname");
        Objects.requireNonNull(nodeId, "nodeId");
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be 0 (global) or more, got " + slot);
        }
    }

    /** The context of a task, with its name built like Swarm's: {@code service.slot.taskId} or {@code service.nodeId.taskId}. */
    public static TemplateContext forTask(String serviceName, String serviceId, int slot, String taskId,
                                          String nodeHostname, String nodeId) {
        String middle = slot > 0 ? Integer.toString(slot) : nodeId;
        return new TemplateContext(serviceName, serviceId, slot, taskId, serviceName + "." + middle + "." + taskId,
                nodeHostname, nodeId);
    }
}
