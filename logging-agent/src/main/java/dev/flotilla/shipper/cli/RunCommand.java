package dev.flotilla.shipper.cli;

import dev.flotilla.shipper.io.StopSignals;
import dev.flotilla.shipper.agent.Shipper;
import dev.flotilla.shipper.agent.BeatsOutputs;
import dev.flotilla.shipper.agent.OutputFactory;
import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code logging-agent run}: tails the configured files and ships them until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Ship log files to Logstash over the Beats protocol until stopped (SIGTERM, Ctrl-C).",
            "Either run --config agent.yml, or run --root DIR --logstash HOST:PORT for Flotilla's layout."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "1:could not start", "2:invalid option or configuration"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    private final OutputFactory outputs;

    public RunCommand() {
        this(new BeatsOutputs());
    }

    /** With another output (tests). */
    public RunCommand(OutputFactory outputs) {
        this.outputs = outputs;
    }

    @Override
    public Integer call() {
        AgentConfig config;
        try {
            config = options.load(spec.commandLine());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM/Ctrl-C: stop here and exit 0, even when it comes while starting (/metrics may already answer);
        // the hook covers the other ways the JVM can end (SIGHUP, -Xrs)
        StopSignals.install(stopRequested::countDown);
        Shipper agent;
        try {
            agent = Shipper.start(config, outputs);
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("logging-agent: could not start: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            agent.close();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agent.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook has closed the agent too
        }
        return ExitCodes.OK;
    }
}
