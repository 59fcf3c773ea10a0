package dev.flotilla.orchestrator.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/** Entry point of {@code flotilla}: picks the log setup (daemons log, the CLI stays quiet), runs, exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // before any HTTP server class loads: without TCP_NODELAY every API reply waits out a delayed ACK (+40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        configureLogging(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams and returns its exit code (tests call this in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new FlotillaCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ExitCodes());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("Error: " + usageProblem(ex));
            ex.getCommandLine().getErr().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            ex.getCommandLine().getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl.execute(LeadingOptions.hoist(cl, args));
    }

    /** What was wrong with the command line; an unknown command is named as such, with the nearest ones. */
    static String usageProblem(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            List<String> near = u.getSuggestions();
            return "'" + u.getUnmatched().get(0) + "' is not a " + u.getCommandLine().getCommandSpec().qualifiedName()
                    + " command" + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
        }
        return ex.getMessage();
    }

    /** A daemon in this process logs at INFO to stdout; otherwise only warnings, to stderr. */
    static void configureLogging(String[] args) {
        List<String> a = List.of(args);
        boolean daemon = !a.isEmpty() && (a.get(0).equals("daemon") && !a.contains("--detach")
                || a.contains("--foreground"));
        if (System.getProperty("flotilla.log.level") == null) {
            System.setProperty("flotilla.log.level", daemon ? "INFO" : "WARN");
        }
        if (!daemon) {
            System.setProperty("flotilla.log.target", "System.err");
        }
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }
}
