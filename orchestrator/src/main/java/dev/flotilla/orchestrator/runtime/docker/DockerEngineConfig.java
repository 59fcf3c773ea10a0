package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.ContainerRuntime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the local engine: its unix socket, how long one call may take (a stop waits out the grace period, so
 * this bounds the longest grace period that can be honoured), and how long a question to a registry through the
 * engine may take (a tag's digest). The API version is left to the engine.
 */
public record DockerEngineConfig(Path socket, Duration connectTimeout, Duration responseTimeout,
                                 Duration registryTimeout) {
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    public DockerEngineConfig {
        for (Duration d : new Duration[] {connectTimeout, responseTimeout, registryTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("engine timeouts must be positive");
            }
        }
    }

    public static DockerEngineConfig defaults() {
        return at(DEFAULT_SOCKET);
    }

    public static DockerEngineConfig at(Path socket) {
        return new DockerEngineConfig(socket, Duration.ofSeconds(5), Duration.ofMinutes(5), ContainerRuntime.DIGEST_LIMIT);
    }

    public DockerEngineConfig withRegistryTimeout(Duration limit) {
        return new DockerEngineConfig(socket, connectTimeout, responseTimeout, limit);
    }
}
