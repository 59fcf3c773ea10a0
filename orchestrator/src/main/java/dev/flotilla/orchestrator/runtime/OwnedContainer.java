package dev.flotilla.orchestrator.runtime;

/** A container carrying Flotilla's ownership labels, as found when an agent (re)starts and adopts what it owns. */
public record OwnedContainer(String containerId, String name, String nodeId, String serviceId, String serviceName,
                             String taskId, int slot, String hostname, String image, ContainerState state) {
}
