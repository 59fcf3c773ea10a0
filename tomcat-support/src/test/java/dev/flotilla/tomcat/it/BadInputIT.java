package dev.flotilla.tomcat.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.tomcat.hostname.HostNameSanitizer;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input reaching the drop-in jar in a real webapp (embedded Tomcat 11, jar in WEB-INF/lib, template logback.xml
 * with the definer): each case gives the documented folder and a readable message, and the webapp still serves.
 */
class BadInputIT {
    @TempDir
    Path dir;

    private EmbeddedRun start(List<String> jvmArgs, Map<String, String> env, List<String> removed) throws Exception {
        Path webapp = TestWebapp.build(dir.resolve("app"), TestWebapp.Flavor.JAKARTA, TestWebapp.templateLogback());
        return EmbeddedRun.start(EmbeddedRun.Line.TOMCAT11, false, dir.resolve("base"), webapp, jvmArgs, env, removed);
    }

    private void assertServes(EmbeddedRun run, String expectedHost) {
        var r = Http.get(run.url("/hello?q=bad-input"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello " + expectedHost);
    }

    private Path logs() {
        return dir.resolve("base/logs");
    }

    @Test
    void aHostnameWithSlashesAndDotDotIsMadeSafeAndSaysSo() throws Exception {
        try (EmbeddedRun run = start(List.of(), Map.of("HOSTNAME", "../../etc/x/y"), List.of())) {
            assertServes(run, "etc-x-y");
            run.close();
            assertThat(run.jvm.output())
                    .contains("environment variable HOSTNAME '../../etc/x/y' is not safe as a folder name")
                    .contains("using 'etc-x-y'");
            assertThat(LogTree.read(logs().resolve("etc-x-y/debug.log"))).contains("request q=bad-input");
            assertThat(dir.resolve("etc")).doesNotExist();
            assertThat(LogTree.all(dir.resolve("base"))).noneMatch(p -> p.contains(".."));
            LogTree.assertNoBrokenNames(dir.resolve("base"));
        }
    }

    @Test
    void anUnresolvableHostFallsBackToTheFirstNonLoopbackAddress() throws Exception {
        Path emptyHosts = Files.writeString(dir.resolve("hosts"), "# no entry for this machine\n");
        Set<String> candidates = new HashSet<>(nonLoopbackAddresses());
        try (EmbeddedRun run = start(List.of("-Djdk.net.hosts.file=" + emptyHosts), Map.of(), List.of("HOSTNAME"))) {
            var r = Http.get(run.url("/hello?q=bad-input"));
            assertThat(r.statusCode()).isEqualTo(200);
            String chosen = r.body().substring("hello ".length());
            run.close();
            // other jobs on this machine add and remove interfaces, so accept any address present around the run
            candidates.addAll(nonLoopbackAddresses());
            if (candidates.isEmpty()) {
                candidates.add("unknown-host");
            }
            assertThat(chosen).isIn(candidates);
            assertThat(run.jvm.output()).contains("InetAddress.getLocalHost().getHostName() failed (UnknownHostException")
                    .contains("host name '" + chosen + "' from first non-loopback network address");
            assertThat(LogTree.read(logs().resolve(chosen).resolve("debug.log"))).contains("request q=bad-input");
            LogTree.assertNoBrokenNames(dir.resolve("base"));
        }
    }

    private static List<String> nonLoopbackAddresses() throws Exception {
        List<String> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        out.add(HostNameSanitizer.sanitize(a.getHostAddress()));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void aPropertyAlreadySetIsKept() throws Exception {
        try (EmbeddedRun run = start(List.of("-Dcustom.hostname=preset-7"), Map.of("HOSTNAME", "other-host"), List.of())) {
            assertServes(run, "preset-7");
            run.close();
            assertThat(run.jvm.output()).contains("custom.hostname already set to 'preset-7', kept")
                    .contains("set hostName=preset-7");
            assertThat(LogTree.read(logs().resolve("preset-7/debug.log"))).contains("request q=bad-input");
            assertThat(logs().resolve("other-host")).doesNotExist();
        }
    }

    @Test
    void anUnwritableLogFolderIsReportedAndTheWebappStillServes() throws Exception {
        Files.createDirectories(logs());
        Files.writeString(logs().resolve("blocked-1"), "a file where the replica's folder should be");
        try (EmbeddedRun run = start(List.of(), Map.of("HOSTNAME", "blocked-1"), List.of())) {
            assertServes(run, "blocked-1");
            run.close();
            assertThat(run.jvm.output()).contains("log folder " + logs().resolve("blocked-1") + " is a file, not a folder")
                    .contains("remove or rename that file").contains("the application keeps running");
            assertThat(Files.isRegularFile(logs().resolve("blocked-1"))).isTrue();
        }
    }
}
