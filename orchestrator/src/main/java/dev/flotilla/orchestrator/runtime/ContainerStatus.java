package dev.flotilla.orchestrator.runtime;

import java.time.Instant;

/**
 * What inspecting a container tells the agent.
 *
 * @param exitCode   meaningful once {@link ContainerState#ended()}
 * @param error      the engine's error text ("" when none)
 * @param startedAt  {@code null} when never started
 * @param finishedAt {@code null} while running or never started
 * @param health     the health check's verdict ({@link ContainerHealth#NONE} when the container runs none)
 * @param healthLog  what the latest check printed and how it ended ("" when none ran)
 */
public record ContainerStatus(String containerId, ContainerState state, int exitCode, String error, boolean oomKilled,
                              Instant startedAt, Instant finishedAt, ContainerHealth health, String healthLog) {
    public ContainerStatus {
        health = health == null ? ContainerHealth.NONE : health;
        healthLog = healthLog == null ? "" : healthLog;
    }

    /** A container without a health check. */
    public ContainerStatus(String containerId, ContainerState state, int exitCode, String error, boolean oomKilled,
                           Instant startedAt, Instant finishedAt) {
        this(containerId, state, exitCode, error, oomKilled, startedAt, finishedAt, ContainerHealth.NONE, "");
    }
}
