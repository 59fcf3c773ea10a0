package dev.flotilla.orchestrator.runtime;

import java.nio.file.Path;

/** A created (not yet started) container, its hostname, and the task's log folder on the node ({@code null} without {@code --log-dir}). */
public record PreparedContainer(String containerId, String hostname, Path logFolder) {
}
