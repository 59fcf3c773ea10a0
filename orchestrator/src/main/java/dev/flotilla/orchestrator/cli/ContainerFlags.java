package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceSettings;
import picocli.CommandLine.Option;

/**
 * What each task's container is called, where it logs and how long it gets to stop: the same on create and
 * update, where an empty {@code --hostname} or {@code --log-dir} goes back to none.
 */
final class ContainerFlags {
    @Option(names = "--hostname", paramLabel = "TEMPLATE", description = "Container hostname, like"
            + " {{.Service.Name}}-{{.Task.Slot}} (default: 12 hex characters; on update, \"\" for the"
            + " default).")
    String hostname;
    @Option(names = "--log-dir", paramLabel = "PATH",
            description = "The folder inside the container that holds logs. Each task gets <mount source>/<hostname>/"
                    + " and -Dcustom.hostname/-DhostName in CATALINA_OPTS; Tomcat writes there with the"
                    + " tomcat-support jar or the templates' logging.properties and server.xml (docs/tomcat-support.md)."
                    + " On update, \"\" to stop.")
    String logDir;
    @Option(names = "--stop-grace-period", paramLabel = "DURATION",
            description = "Time to stop before the kill, like 10s or 1m30s (default 10s).")
    String stopGrace;

    void fill(ServiceSettings.Builder<?> b) {
        b.hostname(hostname).logDir(logDir).stopGracePeriod(stopGrace);
    }
}
