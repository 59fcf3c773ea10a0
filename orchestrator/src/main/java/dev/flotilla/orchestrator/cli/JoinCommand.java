package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.daemon.NodeSetup;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.security.JoinToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code flotilla join --token T MANAGER_ADDR...}: joins this node to a cluster; the token decides its role. */
@Command(name = "join", description = "Join this node to a cluster as a worker or a manager (the token decides).")
public final class JoinCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeFlags node;

    @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "Join token from `flotilla join-token`.")
    String token;

    @Parameters(arity = "1..*", paramLabel = "MANAGER_ADDR", description = "API address of a manager (HOST[:PORT]).")
    List<String> managers;

    @Override
    public Integer call() throws Exception {
        JoinToken.parse(token);
        NodeIdentity id = NodeSetup.join(node.options(null), token, managers);
        DaemonRunner runner = new DaemonRunner(new DataDir(node.dataDir()));
        runner.start(node.foreground);
        try {
            runner.awaitReady(id, id.role() == NodeRole.MANAGER);
        } catch (CliError e) {
            if (!node.foreground) {
                throw e;
            }
            spec.commandLine().getErr().println("Warning: " + e.getMessage());
        }
        spec.commandLine().getOut().println("This node joined a cluster as a "
                + (id.role() == NodeRole.MANAGER ? "manager" : "worker") + ".");
        spec.commandLine().getOut().flush();
        runner.keepRunning();
        return ExitCodes.OK;
    }
}
