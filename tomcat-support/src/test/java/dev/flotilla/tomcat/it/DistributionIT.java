package dev.flotilla.tomcat.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Tomcat 9 and 11 distributions, patched by {@code java -jar tomcat-support.jar install} and started with
 * {@code catalina.sh run}: two instances with different HOSTNAME sharing one logs/ folder write two disjoint folders.
 */
class DistributionIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"9", "11"})
    void twoInstancesSharingOneLogsFolderWriteTwoDisjointFolders(String major) throws Exception {
        Distribution dist = Distribution.unpack(major, dir.resolve("dist"));
        Path shared = dir.resolve("shared-logs");
        TestWebapp.Flavor flavor = major.equals("9") ? TestWebapp.Flavor.JAVAX : TestWebapp.Flavor.JAKARTA;
        Path webapp = TestWebapp.build(dir.resolve("app"), flavor, TestWebapp.templateLogback());
        String[] hosts = {"dist" + major + "-a1", "dist" + major + "-b2"};
        int[] ports = {Distribution.freePort(), Distribution.freePort()};
        Path[] bases = new Path[2];
        for (int i = 0; i < 2; i++) {
            bases[i] = dist.newBase(dir.resolve("base-" + i), shared, webapp, ports[i]);
            installTwice(bases[i]);
        }
        ChildJvm a = dist.start(bases[0], ports[0], Map.of("HOSTNAME", hosts[0]));
        try (ChildJvm b = dist.start(bases[1], ports[1], Map.of("HOSTNAME", hosts[1]))) {
            for (int i = 0; i < 2; i++) {
                var r = Http.get("http://127.0.0.1:" + ports[i] + "/app/hello?q=from-" + hosts[i]);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello " + hosts[i]);
            }
        } finally {
            a.stop(30);
        }
        assertThat(LogTree.all(shared).stream().filter(p -> !p.contains("/") && !p.isEmpty()))
                .containsExactlyInAnyOrder(hosts);
        for (int i = 0; i < 2; i++) {
            Path folder = shared.resolve(hosts[i]);
            String other = hosts[1 - i];
            assertThat(LogTree.read(LogTree.one(folder, "catalina."))).contains("Server startup in");
            assertThat(LogTree.read(LogTree.one(folder, "localhost."))).contains("flotilla tomcat-support:")
                    .contains("custom.hostname already set to '" + hosts[i] + "', kept");
            assertThat(LogTree.read(LogTree.one(folder, "localhost_access_log.")))
                    .contains("GET /app/hello?q=from-" + hosts[i]).doesNotContain(other);
            assertThat(LogTree.read(folder.resolve("debug.log"))).contains("request q=from-" + hosts[i]).doesNotContain(other);
        }
        LogTree.assertNoBrokenNames(shared);
        assertThat(LogTree.files(shared)).allMatch(f -> f.startsWith(hosts[0] + "/") || f.startsWith(hosts[1] + "/"));
    }

    @org.junit.jupiter.api.Test
    void withoutTheJvmOptionTheJarSaysTomcatsOwnLogsAreShared() throws Exception {
        Distribution dist = Distribution.unpack("11", dir.resolve("dist"));
        Path shared = dir.resolve("shared-logs");
        Path webapp = TestWebapp.build(dir.resolve("app"), TestWebapp.Flavor.JAKARTA, TestWebapp.templateLogback());
        int port = Distribution.freePort();
        Path base = dist.newBase(dir.resolve("base"), shared, webapp, port);
        assertThat(Distribution.jar(Map.of(), "install", "--catalina-base", base.toString()).code()).isZero();
        Files.delete(base.resolve("bin/setenv.sh")); // the templates' configuration, but no -Dcustom.hostname
        try (ChildJvm t = dist.start(base, port, Map.of("HOSTNAME", "late-1"))) {
            assertThat(Http.get("http://127.0.0.1:" + port + "/app/hello?q=x").statusCode()).isEqualTo(200);
            assertThat(t.output()).contains("flotilla tomcat-support: WARNING: Tomcat started without -Dcustom.hostname")
                    .contains("JULI (").contains("the access log (");
        }
        assertThat(shared.resolve("${custom.hostname}")).as("what the warning is about").isDirectory();
        assertThat(shared.resolve("late-1").resolve("debug.log")).as("Logback starts later: per replica").exists();
    }

    private void installTwice(Path base) throws Exception {
        Distribution.Result first = Distribution.jar(Map.of(), "install", "--catalina-base", base.toString());
        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output()).contains("conf/server.xml: written, backup server.xml.flotilla-backup")
                .contains("bin/setenv.sh: created");
        Map<String, String> before = snapshot(base);
        Distribution.Result second = Distribution.jar(Map.of(), "install", "--catalina-base", base.toString());
        assertThat(second.code()).as(second.output()).isZero();
        assertThat(second.output()).contains("nothing to change");
        assertThat(snapshot(base)).isEqualTo(before);
        Distribution.Result check = Distribution.jar(Map.of("HOSTNAME", "preview-1"), "check", "--catalina-base", base.toString());
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output()).contains("Every log file is per replica.")
                .contains(base + "/logs/preview-1/localhost_access_log.<yyyy-MM-dd>.txt")
                .contains(base + "/logs/preview-1/debug.log");
    }

    private static Map<String, String> snapshot(Path base) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String d : List.of("conf", "bin")) {
            try (Stream<Path> s = Files.walk(base.resolve(d))) {
                for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    out.put(base.relativize(p).toString(), Files.readString(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return out;
    }
}
