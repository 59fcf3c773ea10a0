package dev.flotilla.orchestrator.api;

/** What a node offers to the scheduler: CPU in nano-CPUs (1e9 = one core) and memory in bytes. */
public record NodeResources(long nanoCpus, long memoryBytes) {
    public static final long NANOS_PER_CPU = 1_000_000_000L;

    public NodeResources {
        if (nanoCpus < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("resources cannot be negative: cpus=" + nanoCpus + " memory=" + memoryBytes);
        }
    }

    public static NodeResources none() {
        return new NodeResources(0, 0);
    }
}
