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
        String before = props.get(HostNames.CUSTOM_HOSTNAME);
        if (before == null || before.trim().isEmpty()) {
            String late = tooLate(props);
            if (late != null) {
                warnings.add(WHO + late);
            }
        }
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

    /**
     * Setting custom.hostname from a web application is too late for Tomcat's own logs: JULI (the logging
     * configuration) and the AccessLogValve (server.xml) replaced {@code ${custom.hostname}} when Tomcat started.
     * Returns the warning when one of them uses it, else null (an embedded Tomcat set up after this runs is fine).
     */
    static String tooLate(HostNames.Properties props) {
        List<String> users = new ArrayList<String>();
        String juli = props.get("java.util.logging.config.file");
        if (juli != null && mentions(new java.io.File(juli))) {
            users.add("JULI (" + juli + ")");
        }
        String base = props.get("catalina.base");
        if (base != null && mentions(new java.io.File(new java.io.File(base, "conf"), "server.xml"))) {
            users.add("the access log (" + base + "/conf/server.xml)");
        }
        if (users.isEmpty()) {
            return null;
        }
        return "WARNING: Tomcat started without -Dcustom.hostname, so " + String.join(" and ", users) + " already wrote into the"
                + " folder named literally '${custom.hostname}', shared with the other replicas; this jar sets the"
                + " property only for what starts later (Logback). Pass -Dcustom.hostname to the JVM: copy"
                + " templates/tomcat/setenv.sh to bin/, or run java -jar tomcat-support.jar install";
    }

    private static boolean mentions(java.io.File f) {
        if (!f.isFile()) {
            return false;
        }
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(f.toPath());
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("${custom.hostname}");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
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
