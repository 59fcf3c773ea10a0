package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Option;

/**
 * CPU and memory per task, the same on create and update. CPUs are a decimal number ({@code 1.5}); sizes a number
 * with an optional 1024-based unit ({@code 512m}); the manager reads both with {@code spec.Quantities}.
 */
final class ResourceFlags {
    @Option(names = "--reserve-cpu", paramLabel = "CPUS", description = "CPUs reserved per task (scheduling).")
    String reserveCpu;
    @Option(names = "--reserve-memory", paramLabel = "SIZE", description = "Memory reserved per task (scheduling).")
    String reserveMemory;
    @Option(names = "--limit-cpu", paramLabel = "CPUS", description = "CPU limit per task.")
    String limitCpu;
    @Option(names = "--limit-memory", paramLabel = "SIZE", description = "Memory limit per task.")
    String limitMemory;

    void fill(ServiceSettings.Builder<?> b) {
        b.reserveCpu(reserveCpu).reserveMemory(reserveMemory).limitCpu(limitCpu).limitMemory(limitMemory);
    }
}
