package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.wire.ApiProblem;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Exit codes: 0 success; 1 the cluster refused or could not do it (unknown node, conflict); 2 bad usage or input;
 * 3 the cluster is unavailable (no leader, no manager reachable); 4 access denied.
 */
public final class ExitCodes implements CommandLine.IExecutionExceptionHandler {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;
    public static final int DENIED = 4;

    static int of(Throwable e) {
        if (e instanceof CliError c) {
            return c.exitCode();
        }
        if (e instanceof ApiProblem p) {
            return switch (p.kind()) {
                case UNAVAILABLE, NOT_LEADER -> UNAVAILABLE;
                case UNAUTHORIZED, FORBIDDEN -> DENIED;
                case BAD_REQUEST -> USAGE;
                default -> FAILED;
            };
        }
        if (e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILED;
    }

    static String message(Throwable e) {
        if (e instanceof ApiProblem || e instanceof CliError || e instanceof DataDirException
                || e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException) {
            return String.valueOf(e.getMessage());
        }
        return "unexpected error: " + e + (System.getenv("FLOTILLA_DEBUG") == null
                ? " (set FLOTILLA_DEBUG=1 to see the stack trace)" : "");
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("Error: " + message(e));
        if (System.getenv("FLOTILLA_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return of(e);
    }
}
