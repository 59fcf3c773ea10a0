package dev.flotilla.orchestrator.runtime;

import java.time.Instant;

/**
 * What inspecting a container tells the agent.
 *
 * @param exitCode   meaningful once {@link ContainerState#ended()}
 * @param error      the engine's error text ("" when none)
 * @param startedAt  {@code null} when never started
 * @param finishedAt {@code null} while running or never started
 */
public record ContainerStatus(String containerId, ContainerState state, int exitCode, String error, boolean oomKilled,
                              Instant startedAt, Instant finishedAt) {
}
