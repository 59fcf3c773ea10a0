package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Option;

/** How a rolling update proceeds, the same on create and update (the next update follows it). */
final class UpdatePolicyFlags {
    @Option(names = "--update-parallelism", paramLabel = "N", description = "Tasks updated at once (default 1; 0: all).")
    String parallelism;
    @Option(names = "--update-delay", paramLabel = "DURATION", description = "Delay between update batches (default 0s).")
    String delay;

    void fill(ServiceSettings.Builder<?> b) {
        b.updateParallelism(parallelism).updateDelay(delay);
    }
}
