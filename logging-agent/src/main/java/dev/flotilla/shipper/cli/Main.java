package dev.flotilla.shipper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logging-agent}: the root command. Without a subcommand it prints its usage. */
@Command(name = "logging-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ships per-container log folders to Logstash over the Beats protocol, at least once.",
        subcommands = {
            RunCommand.class,
            FilebeatConfigCommand.class,
            // the Beats receiver for development and quick starts (package dev.flotilla.shipper.receive)
            dev.flotilla.shipper.receive.ReceiveCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally (run, receive: also after SIGTERM or Ctrl-C)",
            "1:could not start, or could not write the file (filebeat-config)", "2:invalid option or configuration"})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("logging-agent: " + e.getMessage());
            return ExitCodes.FAILED;
        });
        return cl;
    }

    /** The version written by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"logging-agent " + dev.flotilla.shipper.event.AgentInfo.buildVersion()};
        }
    }
}
