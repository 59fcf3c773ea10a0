package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flotilla service update [OPTIONS] SERVICE}: changes a service the way {@code docker service update}
 * does. Changes to what the containers run roll through the tasks, {@code --update-parallelism} at a time with
 * {@code --update-delay} between batches, each old task stopped before its replacement starts; {@code --force}
 * redeploys without a change (which also spreads tasks over nodes that joined since).
 */
@Command(name = "update", description = "Update a service (rolling).")
public final class ServiceUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    ServiceWaitOptions wait;

    @Option(names = "--image", paramLabel = "IMAGE", description = "New image (must be present on the nodes).")
    String image;
    @Option(names = "--env-add", paramLabel = "NAME=VALUE", description = "Add or change a variable (repeatable).")
    List<String> envAdd = new ArrayList<>();
    @Option(names = "--env-rm", paramLabel = "NAME", description = "Remove a variable (repeatable).")
    List<String> envRm = new ArrayList<>();
    @Option(names = "--label-add", paramLabel = "KEY=VALUE", description = "Add or change a service label (repeatable).")
    List<String> labelAdd = new ArrayList<>();
    @Option(names = "--label-rm", paramLabel = "KEY", description = "Remove a service label (repeatable).")
    List<String> labelRm = new ArrayList<>();
    @Option(names = "--constraint-add", paramLabel = "EXPR", description = "Add a placement constraint (repeatable).")
    List<String> constraintAdd = new ArrayList<>();
    @Option(names = "--constraint-rm", paramLabel = "EXPR", description = "Remove a placement constraint (repeatable).")
    List<String> constraintRm = new ArrayList<>();
    @Option(names = "--publish-add", paramLabel = "PUBLISHED:TARGET[/PROTO]", description = "Publish a port (repeatable).")
    List<String> publishAdd = new ArrayList<>();
    @Option(names = "--publish-rm", paramLabel = "PUBLISHED[/PROTO]", description = "Stop publishing a port (repeatable).")
    List<String> publishRm = new ArrayList<>();
    @Option(names = "--mount-add", paramLabel = "type=bind,src=..,dst=..", description = "Add or replace a bind mount (repeatable).")
    List<String> mountAdd = new ArrayList<>();
    @Option(names = "--mount-rm", paramLabel = "TARGET", description = "Remove the mount at a container path (repeatable).")
    List<String> mountRm = new ArrayList<>();
    @Option(names = "--replicas", paramLabel = "N", description = "Number of tasks.")
    String replicas;
    @Option(names = "--replicas-max-per-node", paramLabel = "N", description = "Most tasks per node (0: no limit).")
    String maxPerNode;
    @Option(names = "--reserve-cpu", paramLabel = "CPUS")
    String reserveCpu;
    @Option(names = "--reserve-memory", paramLabel = "SIZE")
    String reserveMemory;
    @Option(names = "--limit-cpu", paramLabel = "CPUS")
    String limitCpu;
    @Option(names = "--limit-memory", paramLabel = "SIZE")
    String limitMemory;
    @Option(names = "--stop-grace-period", paramLabel = "DURATION")
    String stopGrace;
    @Option(names = "--hostname", paramLabel = "TEMPLATE", description = "Container hostname template (\"\" for the default).")
    String hostname;
    @Option(names = "--log-dir", paramLabel = "PATH", description = "Log folder inside the container (\"\" to stop).")
    String logDir;
    @Option(names = "--update-parallelism", paramLabel = "N")
    String updateParallelism;
    @Option(names = "--update-delay", paramLabel = "DURATION")
    String updateDelay;
    @Option(names = "--force", description = "Redeploy every task even without a change.")
    boolean force;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name or id.")
    String service;

    @Override
    public Integer call() {
        long since = System.currentTimeMillis() - 1000;
        ServiceUpdateOptions.Builder b = ServiceUpdateOptions.builder().image(image).replicas(replicas)
                .maxReplicasPerNode(maxPerNode).reserveCpu(reserveCpu).reserveMemory(reserveMemory).limitCpu(limitCpu)
                .limitMemory(limitMemory).stopGracePeriod(stopGrace).hostname(hostname).logDir(logDir)
                .updateParallelism(updateParallelism).updateDelay(updateDelay).force(force);
        envAdd.forEach(b::envAdd);
        envRm.forEach(b::envRm);
        labelAdd.forEach(b::labelAdd);
        labelRm.forEach(b::labelRm);
        constraintAdd.forEach(b::constraintAdd);
        constraintRm.forEach(b::constraintRm);
        publishAdd.forEach(b::publishAdd);
        publishRm.forEach(b::publishRm);
        mountAdd.forEach(b::mountAdd);
        mountRm.forEach(b::mountRm);
        ServiceViews.Updated u = cluster.client().post(ServiceCommand.path(service) + "/update", b.build(),
                ServiceViews.Updated.class);
        cluster.remember();
        spec.commandLine().getOut().println(u.service().name());
        spec.commandLine().getOut().flush();
        wait.follow(spec, cluster, u.service(), since);
        return ExitCodes.OK;
    }
}
