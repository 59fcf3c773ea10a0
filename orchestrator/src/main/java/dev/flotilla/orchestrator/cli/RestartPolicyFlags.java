package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Option;

/** When a task that ended on its own is replaced, the same on create and update (Swarm's restart policy). */
final class RestartPolicyFlags {
    @Option(names = "--restart-condition", paramLabel = "none|on-failure|any",
            description = "Restart a task when it ends: never, only when it failed, or always (default any).")
    String condition;
    @Option(names = "--restart-delay", paramLabel = "DURATION",
            description = "Delay before a restart, doubled for each further failure of a slot up to 1m (default 5s).")
    String delay;
    @Option(names = "--restart-max-attempts", paramLabel = "N",
            description = "Restarts of a slot before giving up, within --restart-window (default 0: unlimited).")
    String maxAttempts;
    @Option(names = "--restart-window", paramLabel = "DURATION",
            description = "Window in which restarts count for --restart-max-attempts (default 0s: ever).")
    String window;

    void fill(ServiceSettings.Builder<?> b) {
        b.restartCondition(condition).restartDelay(delay).restartMaxAttempts(maxAttempts).restartWindow(window);
    }
}
