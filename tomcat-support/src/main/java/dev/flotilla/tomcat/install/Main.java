package dev.flotilla.tomcat.install;

import dev.flotilla.tomcat.hostname.HostNameResolver;
import dev.flotilla.tomcat.hostname.HostNameSanitizer;
import dev.flotilla.tomcat.hostname.Resolution;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar tomcat-support.jar install|check ...}. Arguments are parsed by hand: the jar is a drop-in and
 * carries no dependency. Exit codes: 0 done, 1 a write failed (nothing changed), 2 wrong command line,
 * 3 refused (unknown layout) or, for check, a log that is shared or broken.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_REFUSED = 3;

    static final String USAGE = String.join("\n",
            "Usage: java -jar tomcat-support.jar <command> [options]",
            "",
            "Commands:",
            "  install --catalina-base DIR   patch DIR/conf/logging.properties, DIR/conf/server.xml and DIR/bin/setenv.sh",
            "                                so every log lands in DIR/logs/<host name>/ (idempotent, keeps backups)",
            "      --dry-run                 print the changes as a diff, write nothing",
            "      --skip-setenv             leave bin/setenv.sh alone (you pass -Dcustom.hostname yourself)",
            "      --no-access-log           accept a server.xml without an AccessLogValve",
            "      --catalina-home DIR       the CATALINA_HOME, when it differs from the base (checked for setenv.sh)",
            "  check --catalina-base DIR     print where each log (JULI handlers, access log, Logback) will land",
            "      --hostname NAME           preview for this replica name instead of this machine's",
            "  help                          this text",
            "",
            "Exit codes: 0 done, 1 a write failed (nothing changed), 2 wrong command line, 3 refused or logs shared.");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        try {
            Options o = Options.parse(Arrays.asList(args), env);
            if (o.command.equals("help")) {
                out.println(USAGE);
                return EXIT_OK;
            }
            return o.command.equals("install") ? install(o) : check(o);
        } catch (Refusal r) {
            err.println("tomcat-support: " + r.getMessage());
            if (r.exitCode() == EXIT_USAGE) {
                err.println("Run 'java -jar tomcat-support.jar help' for the options.");
            }
            return r.exitCode();
        } catch (IOException e) {
            err.println("tomcat-support: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private int install(Options o) throws Refusal, IOException {
        TomcatLayout layout = TomcatLayout.inspect(o.base, o.home, o.skipSetenv);
        Installer.Plan plan = Installer.plan(layout, o.allowNoAccessLog);
        out.println("tomcat-support install: CATALINA_BASE " + layout.base);
        for (String note : plan.notes) {
            out.println("  note: " + note);
        }
        List<FileChange> pending = plan.pending();
        if (pending.isEmpty()) {
            out.println("  nothing to change: every log already goes to logs/${custom.hostname}/ (installed before)");
            return EXIT_OK;
        }
        for (FileChange c : pending) {
            for (String reason : c.reasons) {
                out.println("  " + c.label + ": " + reason);
            }
        }
        if (o.dryRun) {
            out.println("  dry run: nothing written. The changes:");
            for (FileChange c : pending) {
                out.print(LineDiff.unified(c.before, c.after, c.label));
            }
            return EXIT_OK;
        }
        String stamp = new SimpleDateFormat("yyyyMMdd-HHmmss").format(new Date());
        for (String line : new ChangeSet(pending).apply(stamp)) {
            out.println("  " + line);
        }
        out.println("Done. Restart Tomcat, then 'java -jar tomcat-support.jar check --catalina-base " + layout.base
                + "' shows where each log lands.");
        return EXIT_OK;
    }

    private int check(Options o) throws Refusal, IOException {
        TomcatLayout layout = TomcatLayout.inspect(o.base, o.home, true);
        String host;
        String from;
        if (o.hostname != null) {
            host = HostNameSanitizer.sanitize(o.hostname);
            if (host.isEmpty()) {
                throw new Refusal("--hostname '" + o.hostname + "' has nothing usable as a folder name: use letters,"
                        + " digits, '.', '-' or '_'", EXIT_USAGE);
            }
            from = "--hostname" + (host.equals(o.hostname) ? "" : " '" + o.hostname + "' made folder-safe");
        } else {
            Resolution r = new HostNameResolver(new EnvLookups(env)).resolve();
            host = r.value();
            from = r.describe();
        }
        boolean passed = LogLocations.passesProperty(layout, env);
        out.println("Where the logs of CATALINA_BASE " + layout.base + " land for host name '" + host + "' (" + from + "):");
        if (!passed) {
            out.println("  bin/setenv.sh does not pass -Dcustom.hostname to the JVM: run install");
        }
        int bad = 0;
        for (LogLocations.Entry e : LogLocations.compute(layout, host, passed)) {
            out.println(String.format("  %-7s %-44s %s", e.status, e.what, e.where));
            if (e.note != null) {
                out.println(String.format("  %-7s %-44s   %s", "", "", e.note));
            }
            bad += e.status == LogLocations.Status.SHARED || e.status == LogLocations.Status.BROKEN ? 1 : 0;
        }
        out.println(bad == 0 ? "Every log file is per replica." : bad + " log(s) shared by replicas or broken: see above.");
        return bad == 0 ? EXIT_OK : EXIT_REFUSED;
    }

    /** The parsed command line. */
    static final class Options {
        String command;
        Path base;
        Path home;
        String hostname;
        boolean dryRun;
        boolean skipSetenv;
        boolean allowNoAccessLog;

        static Options parse(List<String> args, Map<String, String> env) throws Refusal {
            Options o = new Options();
            List<String> rest = new ArrayList<String>(args);
            if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
                o.command = "help";
                return o;
            }
            o.command = rest.remove(0);
            if (!o.command.equals("install") && !o.command.equals("check")) {
                throw new Refusal("unknown command '" + o.command + "': use install, check or help", EXIT_USAGE);
            }
            while (!rest.isEmpty()) {
                o.option(rest.remove(0), rest);
            }
            if (o.base == null) {
                throw new Refusal(o.command + " needs --catalina-base DIR (the folder that holds conf/server.xml)", EXIT_USAGE);
            }
            if (o.home == null && env.get("CATALINA_HOME") != null) {
                o.home = Paths.get(env.get("CATALINA_HOME"));
            }
            return o;
        }

        private void option(String arg, List<String> rest) throws Refusal {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean install = command.equals("install");
            if (name.equals("--catalina-base")) {
                base = Paths.get(value(arg, rest));
            } else if (name.equals("--catalina-home")) {
                home = Paths.get(value(arg, rest));
            } else if (name.equals("--hostname") && !install) {
                hostname = value(arg, rest);
            } else if (arg.equals("--dry-run") && install) {
                dryRun = true;
            } else if (arg.equals("--skip-setenv") && install) {
                skipSetenv = true;
            } else if (arg.equals("--no-access-log") && install) {
                allowNoAccessLog = true;
            } else {
                throw new Refusal("unknown option '" + arg + "' for " + command, EXIT_USAGE);
            }
        }

        private static String value(String arg, List<String> rest) throws Refusal {
            if (arg.contains("=")) {
                String v = arg.substring(arg.indexOf('=') + 1);
                if (v.trim().isEmpty()) {
                    throw new Refusal(arg + " has an empty value", EXIT_USAGE);
                }
                return v;
            }
            if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                throw new Refusal(arg + " needs a value", EXIT_USAGE);
            }
            return rest.remove(0);
        }
    }
}
