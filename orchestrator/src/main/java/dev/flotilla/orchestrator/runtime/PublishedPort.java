package dev.flotilla.orchestrator.runtime;

import dev.flotilla.orchestrator.spec.Protocol;

/** {@code hostIp:published} on the node forwards to {@code target} in the container. */
public record PublishedPort(String hostIp, int published, int target, Protocol protocol) {
    public PublishedPort {
        if (hostIp == null || hostIp.isBlank()) {
            throw new IllegalArgumentException("a published port needs the address to bind (the node's advertise address)");
        }
    }
}
