package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.spec.Protocol;

/** A port bound on a node's address by a published service port. */
public record BoundPort(int port, Protocol protocol) {
    public BoundPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1-65535, got " + port);
        }
    }

    @Override
    public String toString() {
        return port + "/" + protocol.lowerName();
    }
}
