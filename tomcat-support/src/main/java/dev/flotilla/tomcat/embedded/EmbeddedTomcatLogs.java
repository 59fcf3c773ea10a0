package dev.flotilla.tomcat.embedded;

import dev.flotilla.tomcat.hostname.HostNames;
import dev.flotilla.tomcat.hostname.StartupReport;
import java.io.File;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Host;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.juli.FileHandler;
import org.apache.juli.OneLineFormatter;

/**
 * Per-replica log folders for applications that start Tomcat themselves ({@code new Tomcat()}), on Tomcat 9, 10.1
 * and 11 alike (only servlet-free Tomcat API is used). Call {@link #prepare(File)} first thing in {@code main}, before
 * Tomcat or Logback log anything:
 * <pre>
 * EmbeddedTomcatLogs logs = EmbeddedTomcatLogs.prepare(baseDir);   // sets custom.hostname, hostName, catalina.base where absent
 * logs.attachJuliFileHandler();                                     // catalina.&lt;date&gt;.log in logs/&lt;hostname&gt;/
 * Tomcat tomcat = new Tomcat(); tomcat.setBaseDir(baseDir.getPath());
 * logs.addAccessLog(tomcat.getHost());                              // localhost_access_log.&lt;date&gt;.txt there too
 * </pre>
 */
public final class EmbeddedTomcatLogs {
    private static final Logger LOG = Logger.getLogger(EmbeddedTomcatLogs.class.getName());

    private final File folder;
    private final StartupReport report;

    private EmbeddedTomcatLogs(File folder, StartupReport report) {
        this.folder = folder;
        this.report = report;
    }

    /**
     * Resolves this replica's name, sets {@code custom.hostname} and {@code hostName} where absent, sets
     * {@code catalina.base} to {@code catalinaBase} where absent (Logback may read it before Tomcat sets it), and checks
     * that {@code <catalinaBase>/logs/<name>} is writable. Problems are printed to stderr; this never throws for them.
     */
    public static EmbeddedTomcatLogs prepare(File catalinaBase) {
        String base = catalinaBase.getAbsolutePath();
        if (System.getProperty("catalina.base") == null) {
            System.setProperty("catalina.base", base);
        }
        StartupReport report = StartupReport.runSystem();
        for (String line : report.warnings()) {
            System.err.println(line);
        }
        String name = System.getProperty(HostNames.CUSTOM_HOSTNAME);
        File folder = new File(new File(System.getProperty("catalina.base"), "logs"), name);
        return new EmbeddedTomcatLogs(folder, report);
    }

    /** {@code <catalina.base>/logs/<hostname>}. */
    public File folder() {
        return folder;
    }

    /** The folder name: the value of {@code custom.hostname}. */
    public String hostName() {
        return folder.getName();
    }

    /** What {@link #prepare} found and did, one readable line each. */
    public StartupReport report() {
        return report;
    }

    /**
     * Adds Tomcat's JULI file handler (daily {@code catalina.<date>.log}, one-line format) to the root
     * {@code java.util.logging} logger, writing into {@link #folder()}, and logs what {@link #prepare} did through it.
     */
    public Handler attachJuliFileHandler() {
        FileHandler handler = new FileHandler(folder.getPath(), "catalina.", ".log");
        handler.setFormatter(new OneLineFormatter());
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
        for (String line : report.info()) {
            LOG.info(line);
        }
        for (String line : report.warnings()) {
            LOG.warning(line);
        }
        return handler;
    }

    /** Adds an AccessLogValve ({@code localhost_access_log.<date>.txt}, common format) writing into {@link #folder()}. */
    public AccessLogValve addAccessLog(Host host) {
        AccessLogValve valve = new AccessLogValve();
        valve.setDirectory(folder.getAbsolutePath());
        valve.setPrefix(host.getName() + "_access_log");
        valve.setSuffix(".txt");
        valve.setPattern("common");
        host.getPipeline().addValve(valve);
        return valve;
    }
}
