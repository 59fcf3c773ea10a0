package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Labels;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.orchestrator.wire.ServiceViews;
import com.fasterxml.jackson.core.type.TypeReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code flotilla node ...}: list, inspect, list the tasks of, promote, demote, update and remove nodes. */
@Command(name = "node", description = "Manage the nodes of the cluster.",
        subcommands = {NodeCommand.Ls.class, NodeCommand.Inspect.class, NodeCommand.Ps.class, NodeCommand.Promote.class,
                NodeCommand.Demote.class, NodeCommand.Update.class, NodeCommand.Rm.class})
public final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String path(String ref) {
        return "/v1/nodes/" + URLEncoder.encode(ref, StandardCharsets.UTF_8);
    }

    static List<ApiWire.NodeView> list(ClusterOptions c) {
        List<ApiWire.NodeView> nodes = c.client().get("/v1/nodes", Json.mapper().getTypeFactory()
                .constructType(new TypeReference<List<ApiWire.NodeView>>() { }));
        c.remember();
        return nodes.stream().sorted(Comparator.comparing((ApiWire.NodeView v) -> v.node().hostname())
                .thenComparing(v -> v.node().id())).toList();
    }

    static String managerStatus(ApiWire.NodeView v) {
        if (v.managerStatus() == null) {
            return "";
        }
        return v.managerStatus().leader() ? "Leader" : v.managerStatus().reachability();
    }

    @Command(name = "ls", aliases = "list", description = "List nodes (* marks the manager you talk to).")
    static final class Ls implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Mixin
        FormatOption format;
        @Option(names = {"-q", "--quiet"}, description = "Only print node ids.")
        boolean quiet;
        @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
                description = "Only nodes that match (repeatable): id=PREFIX, name=HOSTNAME-PREFIX,"
                        + " role=manager|worker, node.label=KEY or node.label=KEY=VALUE.")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() {
            boolean json = format.json();
            Filters<ApiWire.NodeView> filter = Filters.<ApiWire.NodeView>parse(filters,
                    List.of("id", "name", "role", "node.label"), (key, value, v) -> switch (key) {
                        case "id" -> v.node().id().startsWith(value);
                        case "name" -> v.node().hostname().startsWith(value);
                        case "role" -> v.node().role().name().equalsIgnoreCase(value);
                        default -> Filters.label(value, v.node().labels());
                    }).oneOf("role", java.util.Set.of("manager", "worker"));
            List<ApiWire.NodeView> nodes = filter.apply(list(cluster));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.pretty(nodes));
            } else if (quiet) {
                nodes.forEach(n -> out.println(n.node().id()));
            } else {
                Table t = new Table("ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "VERSION");
                for (ApiWire.NodeView v : nodes) {
                    Node n = v.node();
                    t.row(n.id() + (v.self() ? " *" : ""), n.hostname(), n.status().display(),
                            n.availability().display(), managerStatus(v), n.description().version());
                }
                t.print(out, format.rows());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", description = "Show nodes in detail (JSON, or --pretty).")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Option(names = "--pretty", description = "Human-readable output.")
        boolean pretty;
        @Parameters(arity = "1..*", paramLabel = "NODE", description = "Node id, id prefix or hostname (self: the manager you talk to).")
        List<String> refs;

        @Override
        public Integer call() {
            return Inspection.print(spec, cluster, refs, ref -> cluster.client().get(path(ref), ApiWire.NodeView.class),
                    pretty, NodePretty::print);
        }
    }

    @Command(name = "ps", description = "List the tasks on nodes (default: self, the manager you talk to), with their history.")
    static final class Ps implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Mixin
        TaskListing listing;
        @Parameters(arity = "0..*", paramLabel = "NODE", description = "Node id, id prefix or hostname (default: self).")
        List<String> refs = new ArrayList<>();

        @Override
        public Integer call() {
            listing.filter();
            listing.checkNodes(cluster);
            List<String> nodeIds = new ArrayList<>();
            int exit = EachRef.run(spec, refs.isEmpty() ? List.of("self") : refs,
                    ref -> nodeIds.add(cluster.client().get(path(ref), ApiWire.NodeView.class).node().id()));
            List<ServiceViews.Tasks> onNodes = new ArrayList<>();
            if (!nodeIds.isEmpty()) {
                List<ServiceViews.Summary> services = cluster.client().get("/v1/services", Json.mapper()
                        .getTypeFactory().constructType(new TypeReference<List<ServiceViews.Summary>>() { }));
                for (ServiceViews.Summary s : services) {
                    ServiceViews.Tasks all = cluster.client().get(ServiceCommand.path(s.service().id()) + "/tasks",
                            ServiceViews.Tasks.class);
                    List<ServiceViews.TaskView> here = all.tasks().stream()
                            .filter(v -> nodeIds.contains(v.task().nodeId())).toList();
                    if (!here.isEmpty()) {
                        onNodes.add(new ServiceViews.Tasks(all.service(), all.desired(), here));
                    }
                }
            }
            cluster.remember();
            if (!nodeIds.isEmpty()) {
                // docker prints no table when no node could be listed, only the errors
                listing.print(spec.commandLine().getOut(), onNodes);
            }
            return exit;
        }
    }

    /** promote and demote: one role change per node, each reported with its warning, if any. */
    abstract static class RoleCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Parameters(arity = "1..*", paramLabel = "NODE")
        List<String> refs;

        /** The path segment of the API call: "promote" or "demote". */
        abstract String action();

        @Override
        public Integer call() {
            int exit = EachRef.run(spec, refs,
                    ref -> report(spec, cluster.client().post(path(ref) + "/" + action(), null, ApiWire.RoleChange.class)));
            cluster.remember();
            return exit;
        }
    }

    @Command(name = "promote", description = "Make workers managers.")
    static final class Promote extends RoleCommand {
        @Override
        String action() {
            return "promote";
        }
    }

    @Command(name = "demote", description = "Make managers workers (the last manager cannot be demoted).")
    static final class Demote extends RoleCommand {
        @Override
        String action() {
            return "demote";
        }
    }

    static void report(CommandSpec spec, ApiWire.RoleChange change) {
        spec.commandLine().getOut().println(change.message());
        spec.commandLine().getOut().flush();
        if (change.warning() != null) {
            spec.commandLine().getErr().println("Warning: " + change.warning());
            spec.commandLine().getErr().flush();
        }
    }

    @Command(name = "update", description = "Change the availability and labels of nodes (several nodes: one write).")
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Option(names = "--availability", paramLabel = "active|pause|drain", description = "Whether tasks may be placed on the node.")
        String availability;
        @Option(names = "--label-add", paramLabel = "KEY=VALUE", description = "Add or change a label (repeatable).")
        List<String> labelAdd = new ArrayList<>();
        @Option(names = "--label-rm", paramLabel = "KEY", description = "Remove a label (repeatable).")
        List<String> labelRm = new ArrayList<>();
        @Parameters(arity = "1..*", paramLabel = "NODE")
        List<String> refs;

        @Override
        public Integer call() {
            if (availability != null) {
                dev.flotilla.orchestrator.api.Availability.parse(availability);
            }
            labelAdd.forEach(Labels::parse);
            labelRm.forEach(Labels::checkKey);
            PrintWriter out = spec.commandLine().getOut();
            if (refs.size() == 1) {
                cluster.client().post(path(refs.get(0)) + "/update",
                        new ApiWire.NodeUpdate(availability, labelAdd, labelRm), ApiWire.NodeView.class);
                cluster.remember();
                out.println(refs.get(0));
                out.flush();
                return ExitCodes.OK;
            }
            List<ApiWire.NodeUpdateItem> items = refs.stream()
                    .map(r -> new ApiWire.NodeUpdateItem(r, availability, labelAdd, labelRm)).toList();
            List<ApiWire.UpdateOutcome> outcomes = cluster.client().post("/v1/node-updates", new ApiWire.NodeUpdates(items),
                    Json.mapper().getTypeFactory().constructType(new TypeReference<List<ApiWire.UpdateOutcome>>() { }));
            cluster.remember();
            int failed = 0;
            for (ApiWire.UpdateOutcome o : outcomes) {
                if (o.error() == null) {
                    out.println(o.node());
                } else {
                    failed++;
                    spec.commandLine().getErr().println("Error: " + o.node() + ": " + o.error());
                }
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove nodes that are down (or any worker with --force).")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Option(names = {"-f", "--force"}, description = "Remove a node even if it is not down.")
        boolean force;
        @Parameters(arity = "1..*", paramLabel = "NODE")
        List<String> refs;

        @Override
        public Integer call() {
            int exit = EachRef.run(spec, refs, ref -> {
                cluster.client().delete(path(ref) + (force ? "?force=true" : ""), ApiWire.Message.class);
                spec.commandLine().getOut().println(ref);
                spec.commandLine().getOut().flush();
            });
            cluster.remember();
            return exit;
        }
    }
}
