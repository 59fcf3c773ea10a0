package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.json.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What every {@code inspect} does: fetch each named object, then print those found as JSON or, with --pretty, as
 * text; a name not found is reported on stderr and makes the exit code 1, as with {@code docker inspect}.
 */
final class Inspection {
    private Inspection() {
    }

    static <T> int print(CommandSpec spec, ClusterOptions cluster, List<String> refs, Function<String, T> fetch,
                         boolean pretty, BiConsumer<PrintWriter, T> prettyPrinter) {
        List<T> found = new ArrayList<>();
        int exit = EachRef.run(spec, refs, ref -> found.add(fetch.apply(ref)));
        cluster.remember();
        PrintWriter out = spec.commandLine().getOut();
        if (pretty) {
            found.forEach(v -> prettyPrinter.accept(out, v));
        } else {
            out.println(Json.pretty(found));
        }
        out.flush();
        return exit;
    }
}
