package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.json.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** What every {@code inspect} does: fetch each named object, then print them all as JSON or, with --pretty, as text. */
final class Inspection {
    private Inspection() {
    }

    static <T> int print(CommandSpec spec, ClusterOptions cluster, List<String> refs, Function<String, T> fetch,
                         boolean pretty, BiConsumer<PrintWriter, T> prettyPrinter) {
        List<T> found = new ArrayList<>();
        for (String ref : refs) {
            found.add(fetch.apply(ref));
        }
        cluster.remember();
        PrintWriter out = spec.commandLine().getOut();
        if (pretty) {
            found.forEach(v -> prettyPrinter.accept(out, v));
        } else {
            out.println(Json.pretty(found));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
