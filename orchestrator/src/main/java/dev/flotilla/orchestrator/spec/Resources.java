package dev.flotilla.orchestrator.spec;

/** CPU in billionths of a CPU (Docker's NanoCPUs) and memory in bytes; 0 means "none". */
public record Resources(long nanoCpus, long memoryBytes) {
    public static final Resources NONE = new Resources(0, 0);

    public Resources {
        if (nanoCpus < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("resources cannot be negative: " + nanoCpus + " nano-CPUs, "
                    + memoryBytes + " bytes");
        }
    }
}
