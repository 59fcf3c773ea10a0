package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Option;

/**
 * How a rolling update and a rollback proceed and what happens when updated tasks fail, the same on create and
 * update (the next update, or rollback, follows them): Swarm's UpdateConfig and RollbackConfig.
 */
final class UpdatePolicyFlags {
    @Option(names = "--update-parallelism", paramLabel = "N", description = "Tasks updated at once (default 1; 0: all).")
    String parallelism;
    @Option(names = "--update-delay", paramLabel = "DURATION", description = "Delay between update batches (default 0s).")
    String delay;
    @Option(names = "--update-failure-action", paramLabel = "pause|continue|rollback",
            description = "What to do when too many updated tasks fail (default pause).")
    String failureAction;
    @Option(names = "--update-monitor", paramLabel = "DURATION",
            description = "How long after it starts running an updated task is watched for failure (default 5s).")
    String monitor;
    @Option(names = "--update-max-failure-ratio", paramLabel = "RATIO",
            description = "Fraction of the tasks that may fail during an update, 0 to 1 (default 0).")
    String maxFailureRatio;
    @Option(names = "--update-order", paramLabel = "stop-first|start-first",
            description = "Stop the old task before starting the new one, or start the new one first (default stop-first).")
    String order;

    @Option(names = "--rollback-parallelism", paramLabel = "N", description = "Tasks rolled back at once (default 1; 0: all).")
    String rollbackParallelism;
    @Option(names = "--rollback-delay", paramLabel = "DURATION", description = "Delay between rollback batches (default 0s).")
    String rollbackDelay;
    @Option(names = "--rollback-failure-action", paramLabel = "pause|continue",
            description = "What to do when too many rolled-back tasks fail (default pause).")
    String rollbackFailureAction;
    @Option(names = "--rollback-monitor", paramLabel = "DURATION",
            description = "How long after it starts running a rolled-back task is watched for failure (default 5s).")
    String rollbackMonitor;
    @Option(names = "--rollback-max-failure-ratio", paramLabel = "RATIO",
            description = "Fraction of the tasks that may fail during a rollback, 0 to 1 (default 0).")
    String rollbackMaxFailureRatio;
    @Option(names = "--rollback-order", paramLabel = "stop-first|start-first",
            description = "Stop the old task before starting the new one, or start the new one first (default stop-first).")
    String rollbackOrder;

    void fill(ServiceSettings.Builder<?> b) {
        b.updateParallelism(parallelism).updateDelay(delay).updateFailureAction(failureAction).updateMonitor(monitor)
                .updateMaxFailureRatio(maxFailureRatio).updateOrder(order)
                .rollbackParallelism(rollbackParallelism).rollbackDelay(rollbackDelay)
                .rollbackFailureAction(rollbackFailureAction).rollbackMonitor(rollbackMonitor)
                .rollbackMaxFailureRatio(rollbackMaxFailureRatio).rollbackOrder(rollbackOrder);
    }
}
