package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Option;

/** How many tasks: {@code --replicas} and {@code --replicas-max-per-node}, the same on create and update. */
final class ReplicaFlags {
    @Option(names = "--replicas", paramLabel = "N", description = "Number of tasks (default 1).")
    String replicas;
    @Option(names = "--replicas-max-per-node", paramLabel = "N", description = "Most tasks of this service per node (0: no limit).")
    String maxPerNode;

    void fill(ServiceSettings.Builder<?> b) {
        b.replicas(replicas).maxReplicasPerNode(maxPerNode);
    }
}
