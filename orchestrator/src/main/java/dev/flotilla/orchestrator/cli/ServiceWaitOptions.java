package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.spec.GoDuration;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --detach} and {@code --timeout} of the commands that change a service, and the wait they control. */
public final class ServiceWaitOptions {
    @Option(names = {"-d", "--detach"}, description = "Return once the change is accepted, without waiting for the tasks.")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Longest wait for the tasks (default: 60s, more for a rolling update with delays).")
    String timeout;

    @Option(names = {"-q", "--quiet"}, description = "Do not print progress.")
    boolean quiet;

    /** Follows the service until it converges, unless detached. */
    void follow(CommandSpec spec, ClusterOptions cluster, Service service, long since) {
        if (detach) {
            return;
        }
        ServiceProgress progress = new ServiceProgress(quiet ? new java.io.PrintWriter(java.io.Writer.nullWriter())
                : spec.commandLine().getOut(), () -> cluster.client().get("/v1/services/" + service.id() + "/tasks",
                ServiceViews.Tasks.class));
        java.io.PrintWriter err = spec.commandLine().getErr();
        // Ctrl-C ends the wait, not the change: say so, as docker does
        Thread interrupted = new Thread(() -> {
            err.println();
            err.println("Operation continuing in background.");
            err.println("Use `flotilla service ps " + service.name() + "` to check progress.");
            err.flush();
        }, "wait-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            progress.await(timeout(service), since);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // already shutting down (Ctrl-C): the hook prints its lines
            }
        }
    }

    private Duration timeout(Service s) {
        if (timeout != null) {
            return GoDuration.parse("--timeout", timeout);
        }
        int slots = s.spec().mode() == ServiceMode.GLOBAL ? 1 : Math.max(1, s.spec().replicas());
        int parallelism = s.spec().update().parallelism() == 0 ? slots : s.spec().update().parallelism();
        long batches = (slots + parallelism - 1) / parallelism;
        long perBatch = s.spec().update().delay().toMillis() + s.spec().stopGracePeriod().toMillis() + 20_000;
        return Duration.ofMillis(Math.max(60_000, batches * perBatch));
    }
}
