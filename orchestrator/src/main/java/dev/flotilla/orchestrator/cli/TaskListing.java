package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What {@code service ps} and {@code node ps} share: their options, the filter, and the three ways to print. */
public final class TaskListing {
    @Mixin
    FormatOption format;
    @Option(names = "--no-trunc", description = "Do not truncate ids and errors.")
    boolean noTrunc;
    @Option(names = {"-q", "--quiet"}, description = "Only print task ids.")
    boolean quiet;
    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Only tasks that match (repeatable): desired-state=running|shutdown|accepted,"
                    + " id=PREFIX, name=PREFIX (web.1), node=HOSTNAME|ID.")
    List<String> filters = new ArrayList<>();

    /** Checked before any call to the cluster, so a bad option costs nothing. */
    TaskFilter filter() {
        format.json();
        return TaskFilter.parse(filters);
    }

    /** A {@code node=} filter naming no node is an error, as in docker, not an empty table. */
    void checkNodes(ClusterOptions cluster) {
        List<String> wanted = filter().nodes();
        if (wanted.isEmpty()) {
            return;
        }
        List<ApiWire.NodeView> nodes = NodeCommand.list(cluster);
        for (String w : wanted) {
            if (nodes.stream().noneMatch(v -> v.node().id().equals(w) || v.node().hostname().equals(w))) {
                throw new CliError(ExitCodes.FAILED, "node " + w + " not found (the node filter takes a hostname or a"
                        + " whole id); list the nodes with `flotilla node ls`");
            }
        }
    }

    void print(PrintWriter out, List<ServiceViews.Tasks> tasks) {
        List<ServiceViews.Tasks> shown = filter().apply(tasks);
        if (format.json()) {
            out.println(Json.pretty(shown));
        } else if (quiet) {
            shown.forEach(s -> s.tasks().forEach(t -> out.println(t.task().id())));
        } else {
            ServiceTables.ps(out, shown, noTrunc, System.currentTimeMillis(), format.rows());
        }
        out.flush();
    }
}
