package dev.flotilla.tomcat.hostname;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the initializers and the embedded helper do at startup, servlet-free: resolve the name, set the properties
 * where absent, check the log folder. Returns readable lines split into information and warnings.
 */
public final class StartupReport {
    /** Prefix of every line, so users can grep for who is speaking. */
    public static final String WHO = "flotilla tomcat-support: ";

    private final String hostName;
    private final List<String> info;
    private final List<String> warnings;

    private StartupReport(String hostName, List<String> info, List<String> warnings) {
        this.hostName = hostName;
        this.info = Collections.unmodifiableList(info);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** Runs against the real JVM: sets the properties where absent and checks {@code <catalina.base>/logs/<name>}. */
    public static StartupReport runSystem() {
        return run(HostNameResolver.resolveSystem(), HostNames.Properties.system());
    }

    public static StartupReport run(Resolution resolution, HostNames.Properties props) {
        List<String> info = new ArrayList<String>();
        List<String> warnings = new ArrayList<String>();
        for (String line : HostNames.apply(resolution, props)) {
            (line.contains("WARNING") ? warnings : info).add(WHO + line);
        }
        if (!resolution.notes().isEmpty()) {
            warnings.add(WHO + "the log folder name had to be chosen carefully: " + resolution.describe());
        }
        String effective = props.get(HostNames.CUSTOM_HOSTNAME);
        String problem = LogFolders.problem(LogFolders.replicaFolder(props.get("catalina.base"), effective));
        if (problem != null) {
            warnings.add(WHO + problem + "; the application keeps running, but these logs are lost until this is fixed");
        }
        return new StartupReport(resolution.value(), info, warnings);
    }

    public String hostName() {
        return hostName;
    }

    public List<String> info() {
        return info;
    }

    public List<String> warnings() {
        return warnings;
    }
}
