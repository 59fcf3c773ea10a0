package dev.flotilla.tomcat.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against real folders on disk (a CATALINA_BASE made from the templates' shapes). */
class MainTest {
    @TempDir
    Path dir;
    Path base;
    final Map<String, String> env = new HashMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void base() throws IOException {
        base = dir.resolve("tomcat");
        Files.createDirectories(base.resolve("conf"));
        Files.createDirectories(base.resolve("bin"));
        Files.writeString(base.resolve("conf/logging.properties"), PatchTest.LOGGING);
        Files.writeString(base.resolve("conf/server.xml"), PatchTest.SERVER);
        env.put("HOSTNAME", "replica-1");
    }

    int run(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Map<String, String> snapshot(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toMap(p -> root.relativize(p).toString(), p -> {
                try {
                    return Files.readString(p) + "@" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
    }

    @Test
    void installPatchesAllThreeFilesKeepsBackupsAndTheSecondRunChangesNothing() throws IOException {
        assertThat(run("install", "--catalina-base", base.toString())).isEqualTo(0);
        assertThat(Files.readString(base.resolve("conf/logging.properties"))).contains("logs/${custom.hostname}");
        assertThat(Files.readString(base.resolve("conf/server.xml"))).contains("directory='logs/${custom.hostname}'");
        assertThat(Files.readString(base.resolve("bin/setenv.sh"))).contains("-Dcustom.hostname=");
        assertThat(Files.readString(base.resolve("conf/logging.properties.flotilla-backup"))).isEqualTo(PatchTest.LOGGING);
        assertThat(Files.readString(base.resolve("conf/server.xml.flotilla-backup"))).isEqualTo(PatchTest.SERVER);
        assertThat(out()).contains("backup logging.properties.flotilla-backup").contains("bin/setenv.sh: created");

        Map<String, String> before = snapshot(base);
        assertThat(run("install", "--catalina-base=" + base)).isEqualTo(0);
        assertThat(out()).contains("nothing to change");
        assertThat(snapshot(base)).isEqualTo(before);
        try (Stream<Path> s = Files.walk(base)) {
            assertThat(s.map(Path::toString)).noneMatch(p -> p.endsWith(".flotilla-tmp"));
        }
    }

    @Test
    void dryRunPrintsADiffAndWritesNothing() throws IOException {
        Map<String, String> before = snapshot(base);
        assertThat(run("install", "--catalina-base", base.toString(), "--dry-run")).isEqualTo(0);
        assertThat(out()).contains("dry run: nothing written").contains("+++ conf/server.xml")
                .contains("--- /dev/null").contains("+CATALINA_OPTS=");
        assertThat(snapshot(base)).isEqualTo(before);
    }

    @Test
    void aRefusedLayoutIsLeftUntouched() throws IOException {
        Files.writeString(base.resolve("conf/logging.properties"), "handlers = com.acme.SyslogHandler\n");
        Map<String, String> before = snapshot(base);
        assertThat(run("install", "--catalina-base", base.toString())).isEqualTo(3);
        assertThat(err()).contains("com.acme.SyslogHandler").contains("changes nothing");
        assertThat(snapshot(base)).isEqualTo(before);
    }

    @Test
    void aSymlinkedConfIsPatchedWhereTheFilesReallyAre() throws IOException {
        Path etc = dir.resolve("etc-tomcat10");
        Files.move(base.resolve("conf"), etc);
        Files.createSymbolicLink(base.resolve("conf"), etc);
        assertThat(run("install", "--catalina-base", base.toString())).isEqualTo(0);
        assertThat(out()).contains("conf is a symbolic link to " + etc.toRealPath());
        assertThat(Files.isSymbolicLink(base.resolve("conf"))).isTrue();
        assertThat(Files.readString(etc.resolve("server.xml"))).contains("${custom.hostname}");
        assertThat(etc.resolve("server.xml.flotilla-backup")).exists();
    }

    @Test
    void aPackageLayoutWithoutBinIsRefusedWithTheDebianRecipe() throws IOException {
        Files.delete(base.resolve("bin"));
        assertThat(run("install", "--catalina-base", base.toString())).isEqualTo(3);
        assertThat(err()).contains("/etc/default/tomcat10").contains("--skip-setenv");
        assertThat(run("install", "--catalina-base", base.toString(), "--skip-setenv")).isEqualTo(0);
        assertThat(base.resolve("bin")).doesNotExist();
    }

    @Test
    void creatingASetenvThatWouldHideTheHomeOneIsRefused() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/setenv.sh"), "JAVA_OPTS=-Xmx2g\n");
        assertThat(run("install", "--catalina-base", base.toString(), "--catalina-home", home.toString())).isEqualTo(3);
        assertThat(err()).contains("would hide " + home.resolve("bin/setenv.sh"));
        assertThat(base.resolve("bin/setenv.sh")).doesNotExist();
    }

    @Test
    void checkSaysWhatIsSharedBeforeAndThatEverythingIsPerReplicaAfter() throws IOException {
        Path classes = base.resolve("webapps/shop/WEB-INF/classes");
        Files.createDirectories(classes);
        Files.copy(Path.of("../templates/logback/logback.xml"), classes.resolve("logback.xml"));
        assertThat(run("check", "--catalina-base", base.toString())).isEqualTo(3);
        assertThat(out()).contains("host name 'replica-1'").contains("SHARED").contains("does not pass -Dcustom.hostname");

        run("install", "--catalina-base", base.toString());
        assertThat(run("check", "--catalina-base", base.toString())).isEqualTo(0);
        List<String> lines = out().lines().collect(Collectors.toList());
        assertThat(lines).anyMatch(l -> l.startsWith("  OK") && l.contains("JULI 1catalina (AsyncFileHandler)")
                && l.endsWith(base + "/logs/replica-1/catalina.<yyyy-MM-dd>.log"));
        assertThat(lines).anyMatch(l -> l.contains("access log (AccessLogValve)")
                && l.endsWith(base + "/logs/replica-1/localhost_access_log.<yyyy-MM-dd>.txt"));
        assertThat(lines).anyMatch(l -> l.contains("Logback shop appender DEBUG") && l.endsWith(base + "/logs/replica-1/debug.log"));
        assertThat(lines).anyMatch(l -> l.startsWith("  STDOUT"));
        assertThat(run("check", "--catalina-base", base.toString(), "--hostname", "a/b")).isEqualTo(0);
        assertThat(out()).contains("logs/a-b/catalina.");
    }

    @Test
    void aSetenvThatOnlyMentionsTheOptionInACommentIsPatchedAndCheckSaysSo() throws IOException {
        Files.writeString(base.resolve("bin/setenv.sh"), "#!/bin/sh\n# TODO: add -Dcustom.hostname later\n"
                + "#CATALINA_OPTS=\"$CATALINA_OPTS -Dcustom.hostname=old\"\nJAVA_OPTS=\"-Xmx1g\"\n");
        assertThat(run("check", "--catalina-base", base.toString())).isEqualTo(3);
        assertThat(out()).contains("does not pass -Dcustom.hostname");
        assertThat(run("install", "--catalina-base", base.toString())).isZero();
        assertThat(Files.readString(base.resolve("bin/setenv.sh"))).startsWith("#!/bin/sh\n# TODO: add -Dcustom.hostname later")
                .contains(SetenvPatch.MARKER);
        assertThat(run("check", "--catalina-base", base.toString())).isZero();
    }

    @Test
    void checkReadsTheLogbackXmlInsideAWarThatIsNotUnpacked() throws IOException {
        run("install", "--catalina-base", base.toString());
        Path webapps = Files.createDirectories(base.resolve("webapps"));
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(webapps.resolve("ROOT.war")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("WEB-INF/classes/logback.xml"));
            zip.write(("<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
                    + "<file>${catalina.base}/logs/debug.log</file></appender></configuration>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(run("check", "--catalina-base", base.toString())).isEqualTo(3);
        assertThat(out()).contains("Logback ROOT.war appender F").contains("SHARED");
        // unpacked beside it, the folder is what Tomcat runs: the folder's file is read, not the WAR's
        Path classes = Files.createDirectories(webapps.resolve("ROOT/WEB-INF/classes"));
        Files.copy(Path.of("../templates/logback/logback.xml"), classes.resolve("logback.xml"));
        assertThat(run("check", "--catalina-base", base.toString())).isZero();
        assertThat(out()).contains("Logback ROOT appender").doesNotContain("ROOT.war");
    }

    @Test
    void checkFlagsLogbacksHostnameAlias() throws IOException {
        Path classes = base.resolve("webapps/ROOT/WEB-INF/classes");
        Files.createDirectories(classes);
        Files.writeString(classes.resolve("logback.xml"), "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
                + "<file>${catalina.base}/logs/${hostName}/debug.log</file></appender></configuration>");
        run("install", "--catalina-base", base.toString());
        assertThat(run("check", "--catalina-base", base.toString())).isEqualTo(3);
        assertThat(out()).contains("BROKEN").contains("Logback's own HOSTNAME").contains("<define name=\"hostName\"");
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertThat(run()).isEqualTo(0);
        assertThat(out()).contains("Usage: java -jar tomcat-support.jar");
        assertThat(run("instal")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'instal'");
        assertThat(run("install")).isEqualTo(2);
        assertThat(err()).contains("needs --catalina-base DIR");
        assertThat(run("install", "--catalina-base")).isEqualTo(2);
        assertThat(err()).contains("--catalina-base needs a value");
        assertThat(run("check", "--catalina-base", base.toString(), "--dry-run")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--dry-run' for check");
        assertThat(run("install", "--catalina-base", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err()).contains("is not a folder");
        assertThat(run("install", "--catalina-base", dir.toString())).isEqualTo(3);
        assertThat(err()).contains("conf/server.xml is missing");
    }

    @Test
    void changeSetIsAllOrNothing() throws IOException {
        Path ok = dir.resolve("a.txt");
        Files.writeString(ok, "old");
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        ChangeSet set = new ChangeSet(List.of(
                new FileChange(ok, "a.txt", "old", "new", List.of()),
                new FileChange(blocker.resolve("f.txt"), "f.txt", null, "new", List.of())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> set.apply("t")).isInstanceOf(IOException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readString(ok)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "not-a-folder", "tomcat");
        }
    }

    @Test
    void aFailedReplaceLeavesNeitherChangesNorBackups() throws IOException {
        Path ok = dir.resolve("a.txt");
        Files.writeString(ok, "old");
        Path folder = Files.createDirectories(dir.resolve("b.txt")); // a folder where a file is expected: rename fails
        Files.writeString(folder.resolve("inside"), "x");
        ChangeSet set = new ChangeSet(List.of(
                new FileChange(ok, "a.txt", "old", "new", List.of()),
                new FileChange(folder, "b.txt", "old", "new", List.of())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> set.apply("t")).isInstanceOf(IOException.class)
                .hasMessageContaining("could not replace").hasMessageContaining("nothing was changed");
        assertThat(Files.readString(ok)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no backup, no temporary file left")
                    .containsExactlyInAnyOrder("a.txt", "b.txt", "tomcat");
        }
    }
}
