package dev.flotilla.orchestrator.runtime;

import java.time.Instant;

/** A container owned by the node stopped: its task, exit code and when. */
public record ContainerExit(String containerId, String taskId, int exitCode, Instant at) {
}
