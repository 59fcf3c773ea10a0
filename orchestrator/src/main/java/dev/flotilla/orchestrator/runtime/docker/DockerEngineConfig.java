package dev.flotilla.orchestrator.runtime.docker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the local engine: its unix socket, and how long one call may take (a stop waits out the grace
 * period, so this bounds the longest grace period that can be honoured). The API version is left to the engine.
 */
public record DockerEngineConfig(Path socket, Duration connectTimeout, Duration responseTimeout) {
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    public DockerEngineConfig {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("engine timeouts must be positive");
        }
    }

    public static DockerEngineConfig defaults() {
        return new DockerEngineConfig(DEFAULT_SOCKET, Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    public static DockerEngineConfig at(Path socket) {
        return new DockerEngineConfig(socket, Duration.ofSeconds(5), Duration.ofMinutes(5));
    }
}
