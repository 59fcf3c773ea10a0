package dev.flotilla.orchestrator.runtime;

/**
 * A container carrying Flotilla's ownership labels, as found when an agent (re)starts and adopts what it owns, and
 * on every resync: its state and, while it runs, its health.
 */
public record OwnedContainer(String containerId, String name, String nodeId, String serviceId, String serviceName,
                             String taskId, int slot, String hostname, String image, ContainerState state,
                             ContainerHealth health) {
    public OwnedContainer {
        health = health == null ? ContainerHealth.NONE : health;
    }

    /** A container without a health check. */
    public OwnedContainer(String containerId, String name, String nodeId, String serviceId, String serviceName,
                          String taskId, int slot, String hostname, String image, ContainerState state) {
        this(containerId, name, nodeId, serviceId, serviceName, taskId, slot, hostname, image, state,
                ContainerHealth.NONE);
    }
}
