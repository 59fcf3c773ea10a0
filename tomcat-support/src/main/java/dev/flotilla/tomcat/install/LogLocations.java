package dev.flotilla.tomcat.install;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What {@code check} prints: where each log of one CATALINA_BASE will land for a given replica name. */
final class LogLocations {
    enum Status { OK, STDOUT, SHARED, BROKEN }

    /** One log: its status, what writes it, where it lands and an optional note. */
    static final class Entry {
        final Status status;
        final String what;
        final String where;
        final String note;

        Entry(Status status, String what, String where, String note) {
            this.status = status;
            this.what = what;
            this.where = where;
            this.note = note;
        }
    }

    private LogLocations() {
    }

    /** True when bin/setenv.sh (or the environment check runs in) passes -Dcustom.hostname to the JVM. */
    static boolean passesProperty(TomcatLayout layout, Map<String, String> env) throws IOException {
        Path setenv = layout.base.resolve("bin").resolve("setenv.sh");
        if (Files.isRegularFile(setenv) && Texts.setsHostnameOption(Texts.read(setenv))) {
            return true;
        }
        for (String var : new String[] {"CATALINA_OPTS", "JAVA_OPTS"}) {
            String v = env.get(var);
            if (v != null && v.contains("-Dcustom.hostname=")) {
                return true;
            }
        }
        return false;
    }

    static List<Entry> compute(TomcatLayout layout, String host, boolean propertyPassed) throws Refusal, IOException {
        Map<String, String> sys = new HashMap<String, String>();
        sys.put("catalina.base", layout.base.toString());
        sys.put("catalina.home", layout.base.toString());
        if (propertyPassed) {
            sys.put("custom.hostname", host);
        }
        List<Entry> out = new ArrayList<Entry>();
        for (JuliConfig.Handler h : JuliConfig.parse(Texts.read(layout.loggingProperties)).handlers()) {
            out.add(juli(h, layout.base, sys, host));
        }
        for (AccessLogValves.Valve v : AccessLogValves.find(Texts.read(layout.serverXml))) {
            String dir = absolute(layout.base, substitute(v.effectiveDirectory(), sys));
            out.add(entry("access log (" + simple(v.className()) + ")",
                    dir + File.separator + v.prefix() + ".<yyyy-MM-dd>" + v.suffix(), host, null));
        }
        for (LogbackFiles.Source xml : LogbackFiles.find(layout.base)) {
            String label = "Logback " + xml.app;
            for (LogbackFiles.Target t : LogbackFiles.targets(xml, label, sys, host)) {
                out.add(entry(label + " appender " + t.appender, t.path, host, t.warning));
            }
        }
        return out;
    }

    private static Entry juli(JuliConfig.Handler h, Path base, Map<String, String> sys, String host) {
        String what = "JULI " + (h.name.equals(h.className) ? h.shortName()
                : h.name.substring(0, h.name.indexOf('.')) + " (" + h.shortName() + ")");
        if (h.isConsole()) {
            return new Entry(Status.STDOUT, what, "standard output",
                    "catalina.out with catalina.sh start, the container's log with catalina.sh run");
        }
        if (!h.isFile()) {
            return new Entry(Status.BROKEN, what, "unknown", "not a Tomcat file handler: check where it writes");
        }
        String dir = absolute(base, substitute(h.effectiveDirectory(), sys));
        String prefix = h.prefix == null ? "juli." : h.prefix;
        String suffix = h.suffix == null ? ".log" : h.suffix;
        return entry(what, dir + File.separator + prefix + "<yyyy-MM-dd>" + suffix, host, null);
    }

    private static Entry entry(String what, String where, String host, String warning) {
        if (where.contains("${") || where.contains("_IS_UNDEFINED")) {
            return new Entry(Status.BROKEN, what, where, warning != null ? warning
                    : "a property is not set when the JVM starts, so the folder is named literally: run install"
                    + " (bin/setenv.sh must pass -Dcustom.hostname)");
        }
        if (warning != null) {
            return new Entry(Status.BROKEN, what, where, warning);
        }
        for (String segment : where.split("[/\\\\]")) {
            if (segment.equals(host)) {
                return new Entry(Status.OK, what, where, null);
            }
        }
        return new Entry(Status.SHARED, what, where, "every replica writes this same file: run install");
    }

    /** JULI and the Digester substitute ${name} from system properties; unknown names stay literal. */
    static String substitute(String value, Map<String, String> sys) {
        String out = value;
        for (Map.Entry<String, String> e : sys.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private static String absolute(Path base, String dir) {
        File f = new File(dir);
        return (f.isAbsolute() ? f : new File(base.toFile(), dir)).toPath().normalize().toString();
    }

    private static String simple(String className) {
        String c = className.trim();
        return c.substring(c.lastIndexOf('.') + 1);
    }
}
