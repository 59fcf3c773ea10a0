package dev.flotilla.tomcat.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files of one CATALINA_BASE that install patches and check reads, with symbolic links resolved (Debian's
 * {@code /var/lib/tomcat10/conf -> /etc/tomcat10} is handled by patching the files where they really are).
 * Anything we cannot patch safely is refused here, before a single byte is written.
 */
final class TomcatLayout {
    final Path base;
    final Path loggingProperties;
    final Path serverXml;
    /** Null when setenv.sh is not to be touched (--skip-setenv). */
    final Path setenv;
    final List<String> notes;

    private TomcatLayout(Path base, Path loggingProperties, Path serverXml, Path setenv, List<String> notes) {
        this.base = base;
        this.loggingProperties = loggingProperties;
        this.serverXml = serverXml;
        this.setenv = setenv;
        this.notes = Collections.unmodifiableList(notes);
    }

    static TomcatLayout inspect(Path base, Path home, boolean skipSetenv) throws Refusal {
        Path b = base.toAbsolutePath().normalize();
        if (!Files.isDirectory(b)) {
            throw new Refusal("--catalina-base " + base + " is not a folder: give the folder that holds conf/server.xml"
                    + " (the CATALINA_BASE of the Tomcat to patch)", Main.EXIT_USAGE);
        }
        List<String> notes = new ArrayList<String>();
        Path conf = b.resolve("conf");
        if (Files.isSymbolicLink(conf)) {
            notes.add("conf is a symbolic link to " + real(conf) + " (a distribution package layout such as Debian's);"
                    + " the files are patched there and the backups are kept beside them");
        }
        Path server = requireFile(conf.resolve("server.xml"), "server.xml",
                "this is not a Tomcat CATALINA_BASE (or conf/ is incomplete)");
        Path logging = requireFile(conf.resolve("logging.properties"), "logging.properties",
                "without it JULI falls back to the JVM's logging.properties; copy templates/tomcat/logging.properties"
                        + " there");
        noteLink(conf.resolve("server.xml"), notes);
        noteLink(conf.resolve("logging.properties"), notes);
        Path setenv = skipSetenv ? null : setenvPath(b, home, notes);
        return new TomcatLayout(b, logging, server, setenv, notes);
    }

    private static Path setenvPath(Path base, Path home, List<String> notes) throws Refusal {
        Path bin = base.resolve("bin");
        if (!Files.isDirectory(bin)) {
            throw new Refusal(base + "/bin does not exist, so there is no setenv.sh to patch. This looks like a"
                    + " distribution package (Debian's tomcat10 keeps CATALINA_BASE in /var/lib/tomcat10 and the JVM"
                    + " options in /etc/default/tomcat10). Add JAVA_OPTS=\"${JAVA_OPTS} -Dcustom.hostname=${HOSTNAME:-$(hostname)}\""
                    + " to /etc/default/tomcat10 (or your service's environment) yourself, then run install again with"
                    + " --skip-setenv");
        }
        Path setenv = bin.resolve("setenv.sh");
        if (!Files.exists(setenv, LinkOption.NOFOLLOW_LINKS) && home != null) {
            Path homeSetenv = home.toAbsolutePath().normalize().resolve("bin").resolve("setenv.sh");
            if (!home.toAbsolutePath().normalize().equals(base) && Files.exists(homeSetenv)) {
                throw new Refusal("creating " + setenv + " would hide " + homeSetenv + " (catalina.sh reads only the"
                        + " CATALINA_BASE one when both exist). Copy " + homeSetenv + " to " + setenv + " first, then"
                        + " run install again");
            }
        }
        if (Files.isSymbolicLink(setenv)) {
            notes.add("bin/setenv.sh is a symbolic link to " + real(setenv) + "; that file is patched");
            return real(setenv);
        }
        return setenv;
    }

    private static Path requireFile(Path p, String name, String why) throws Refusal {
        if (!Files.isRegularFile(p)) {
            throw new Refusal(p + " is missing: " + why + ". Nothing was changed");
        }
        if (!Files.isReadable(p)) {
            throw new Refusal(p + " is not readable by this user: run install as the user who owns the Tomcat"
                    + " configuration (often root or tomcat). Nothing was changed");
        }
        return real(p);
    }

    private static void noteLink(Path p, List<String> notes) {
        if (Files.isSymbolicLink(p)) {
            notes.add("conf/" + p.getFileName() + " is a symbolic link to " + real(p) + "; that file is patched");
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
