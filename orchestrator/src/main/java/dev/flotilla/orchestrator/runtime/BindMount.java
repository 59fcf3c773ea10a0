package dev.flotilla.orchestrator.runtime;

/** A host folder (or file) mounted into the container; {@code source} is already expanded for this task. */
public record BindMount(String source, String target, boolean readOnly) {
    public BindMount {
        if (source == null || !source.startsWith("/") || target == null || !target.startsWith("/")) {
            throw new IllegalArgumentException("bind mount paths must be absolute: " + source + " -> " + target);
        }
    }
}
