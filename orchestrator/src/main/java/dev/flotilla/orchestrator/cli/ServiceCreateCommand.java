package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flotilla service create [OPTIONS] IMAGE [COMMAND] [ARG...]}: the flags of {@code docker service create}
 * that Flotilla supports, plus {@code --log-dir}. The whole definition is checked by the manager (every problem
 * at once) before anything is created; then the command follows the tasks until they run, unless {@code --detach}.
 */
@Command(name = "create", description = "Create a service.", modelTransformer = ServiceCreateCommand.StopAtImage.class)
public final class ServiceCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    ServiceWaitOptions wait;

    @Option(names = "--name", paramLabel = "NAME", description = "Service name (default: two made-up words, as docker does).")
    String name;
    @Option(names = "--mode", paramLabel = "MODE", description = "replicated (default) or global.")
    String mode;
    @Option(names = "--replicas", paramLabel = "N", description = "Number of tasks (default 1).")
    String replicas;
    @Option(names = "--replicas-max-per-node", paramLabel = "N", description = "Most tasks of this service per node (0: no limit).")
    String maxPerNode;
    @Option(names = {"-p", "--publish"}, paramLabel = "PUBLISHED:TARGET[/PROTO]",
            description = "Publish a port on each node's advertise address (repeatable).")
    List<String> publish = new ArrayList<>();
    @Option(names = "--mount", paramLabel = "type=bind,src=..,dst=..[,readonly]",
            description = "Bind mount; a missing source is created (repeatable; src may hold templates).")
    List<String> mounts = new ArrayList<>();
    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Environment variable (repeatable; values may hold templates).")
    List<String> env = new ArrayList<>();
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Service label (repeatable).")
    List<String> labels = new ArrayList<>();
    @Option(names = "--constraint", paramLabel = "EXPR", description = "Placement constraint, like node.role==manager (repeatable).")
    List<String> constraints = new ArrayList<>();
    @Option(names = "--reserve-cpu", paramLabel = "CPUS", description = "CPUs reserved per task (scheduling).")
    String reserveCpu;
    @Option(names = "--reserve-memory", paramLabel = "SIZE", description = "Memory reserved per task (scheduling).")
    String reserveMemory;
    @Option(names = "--limit-cpu", paramLabel = "CPUS", description = "CPU limit per task.")
    String limitCpu;
    @Option(names = "--limit-memory", paramLabel = "SIZE", description = "Memory limit per task.")
    String limitMemory;
    @Option(names = "--stop-grace-period", paramLabel = "DURATION", description = "Time to stop before the kill (default 10s).")
    String stopGrace;
    @Option(names = "--hostname", paramLabel = "TEMPLATE", description = "Container hostname, like {{.Service.Name}}-{{.Task.Slot}} (default: 12 hex characters).")
    String hostname;
    @Option(names = "--log-dir", paramLabel = "PATH",
            description = "The folder inside the container that holds logs. Each task gets <mount source>/<hostname>/"
                    + " and -Dcustom.hostname/-DhostName in CATALINA_OPTS; Tomcat writes there with the"
                    + " tomcat-support jar or the templates' logging.properties and server.xml (docs/tomcat-support.md).")
    String logDir;
    @Option(names = "--update-parallelism", paramLabel = "N", description = "Tasks updated at once (default 1; 0: all).")
    String updateParallelism;
    @Option(names = "--update-delay", paramLabel = "DURATION", description = "Delay between update batches (default 0s).")
    String updateDelay;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image (must be present on the nodes; never pulled).")
    String image;
    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    /** Everything after the image belongs to the container's command, options included ({@code sh -c ...}). */
    public static final class StopAtImage implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec commandSpec) {
            commandSpec.parser().stopAtPositional(true);
            return commandSpec;
        }
    }

    @Override
    public Integer call() {
        long since = System.currentTimeMillis() - 1000;
        ServiceOptions.Builder b = ServiceOptions.builder(name, image)
                .command(command.toArray(String[]::new)).mode(mode).replicas(replicas).maxReplicasPerNode(maxPerNode)
                .reserveCpu(reserveCpu).reserveMemory(reserveMemory).limitCpu(limitCpu).limitMemory(limitMemory)
                .stopGracePeriod(stopGrace).hostname(hostname).logDir(logDir).updateParallelism(updateParallelism)
                .updateDelay(updateDelay);
        publish.forEach(b::publish);
        mounts.forEach(b::mount);
        env.forEach(b::env);
        labels.forEach(b::label);
        constraints.forEach(b::constraint);
        ServiceViews.Summary created = cluster.client().post("/v1/services", b.build(), ServiceViews.Summary.class);
        cluster.remember();
        spec.commandLine().getOut().println(created.service().id());
        spec.commandLine().getOut().flush();
        wait.follow(spec, cluster, created.service(), since);
        return ExitCodes.OK;
    }
}
