package dev.flotilla.orchestrator.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several names on one command line, as {@code docker service rm a b} takes them: each is tried, a name that fails
 * is reported on stderr and does not stop the others, and the exit code is that of the first failure. A cluster
 * that cannot be reached or refuses the credential fails the whole command at once, since every name would fail.
 */
final class EachRef {
    private EachRef() {
    }

    static int run(CommandSpec spec, List<String> refs, Consumer<String> action) {
        int exit = ExitCodes.OK;
        PrintWriter err = spec.commandLine().getErr();
        for (String ref : refs) {
            try {
                action.accept(ref);
            } catch (RuntimeException e) {
                int code = ExitCodes.of(e);
                if (code == ExitCodes.UNAVAILABLE || code == ExitCodes.DENIED) {
                    throw e;
                }
                err.println("Error: " + ExitCodes.message(e));
                err.flush();
                exit = exit == ExitCodes.OK ? code : exit;
            }
        }
        return exit;
    }
}
