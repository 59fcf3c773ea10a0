package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.wire.ApiWire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code flotilla leave [--force]}: the node on this machine leaves its cluster and its daemon stops. */
@Command(name = "leave", description = "Make the node on this machine leave its cluster (a manager needs --force).")
public final class LeaveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--force", description = "Leave even if this node is a manager (the cluster may lose its quorum).")
    boolean force;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data dir (default: $FLOTILLA_DATA_DIR, else /var/lib/flotilla).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        DataDir dir = new DataDir(DaemonCommand.dataDirOrDefault(dataDir));
        NodeIdentity id = dir.load();
        ApiWire.Message m = new ApiClient(List.of(id.apiAddress()), DaemonRunner.localTls(dir), null, Duration.ofSeconds(15))
                .post("/v1/leave", new ApiWire.Leave(force), ApiWire.Message.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(dir.pidFile()) && System.nanoTime() < deadline) {
            DaemonRunner.sleep(100);
        }
        spec.commandLine().getOut().println(m.message());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
