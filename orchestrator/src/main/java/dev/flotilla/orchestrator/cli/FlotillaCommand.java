package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.identity.LocalNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The root command. Service subcommands join this list. */
@Command(name = "flotilla", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = FlotillaCommand.Version.class,
        description = "A Swarm-like orchestrator for Tomcat apps, with per-container log folders.",
        subcommands = {InitCommand.class, JoinCommand.class, LeaveCommand.class, DaemonCommand.class,
                NodeCommand.class, ServiceCommand.class, JoinTokenCommand.class, UiTokenCommand.class, InfoCommand.class,
                UpdateCommand.class, CaCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:the cluster refused or could not do it", "2:bad usage or input",
                "3:cluster unavailable (no leader, no manager reachable)", "4:access denied"})
public final class FlotillaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code flotilla --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"flotilla " + LocalNode.version()};
        }
    }
}
