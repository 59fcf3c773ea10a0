package dev.flotilla.orchestrator.spec;

/** A published port: {@code published} on the node's advertise address forwards to {@code target} in the container. */
public record PortSpec(int published, int target, Protocol protocol) {
    public PortSpec {
        if (published < 1 || published > 65535 || target < 1 || target > 65535) {
            throw new IllegalArgumentException("ports must be in 1-65535: " + published + ":" + target);
        }
    }

    /** The canonical short form, {@code 8080:80/tcp}, which {@link Ports#parse} reads back. */
    public String format() {
        return published + ":" + target + "/" + protocol.lowerName();
    }
}
