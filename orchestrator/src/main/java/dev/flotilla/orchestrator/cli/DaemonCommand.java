package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code flotilla daemon --data-dir D}: runs (or restarts) the node stored in D, with its identity and data. */
@Command(name = "daemon", description = "Run the node stored in a data dir (after init or join; also to restart it).")
public final class DaemonCommand implements Callable<Integer> {
    static final String DATA_DIR_ENV = "FLOTILLA_DATA_DIR";

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The node's data dir (default: $FLOTILLA_DATA_DIR, else /var/lib/flotilla).")
    Path dataDir;

    @Option(names = "--detach", description = "Start the daemon in the background and return once it is ready.")
    boolean detach;

    @Option(names = "--foreground", description = "Run in this terminal (the default; accepted so that the flag works"
            + " as it does on init and join).")
    boolean foreground;

    static Path dataDirOrDefault(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv(DATA_DIR_ENV);
        return Path.of(env == null || env.isBlank() ? "/var/lib/flotilla" : env);
    }

    @Override
    public Integer call() throws Exception {
        if (detach && foreground) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--detach and --foreground contradict each other: give one of them");
        }
        DataDir dir = new DataDir(dataDirOrDefault(dataDir));
        NodeIdentity id = dir.load();
        DaemonRunner runner = new DaemonRunner(dir);
        runner.start(!detach);
        try {
            runner.awaitReady(id, id.role() == NodeRole.MANAGER);
            spec.commandLine().getOut().println("Node " + id.nodeId() + " (" + id.hostname() + ") is running"
                    + (detach ? " in the background; its log is " + dir.logFile() : "") + ".");
        } catch (CliError e) {
            if (detach) {
                throw e;
            }
            spec.commandLine().getErr().println("Warning: " + e.getMessage() + " The daemon keeps running and retrying.");
            spec.commandLine().getErr().flush();
        }
        spec.commandLine().getOut().flush();
        runner.keepRunning();
        return ExitCodes.OK;
    }
}
