package dev.flotilla.tomcat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Embedded Tomcat 9 (javax), 10.1 and 11 (jakarta), each in its own JVM, with a webapp carrying Logback (and its own
 * servlet initializer) and the drop-in jar: every log lands in logs/&lt;hostname&gt;/.
 */
class EmbeddedTomcatIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EmbeddedRun.Line.class)
    void withTheHelperJuliAccessLogAndLogbackAllLandInTheReplicaFolder(EmbeddedRun.Line line) throws Exception {
        String host = "emb-" + line.name().toLowerCase() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        Path base = dir.resolve("base");
        Path webapp = TestWebapp.build(dir.resolve("app"), line.flavor, TestWebapp.templateLogback());
        try (EmbeddedRun run = EmbeddedRun.start(line, true, base, webapp, List.of(), Map.of("HOSTNAME", host), List.of())) {
            for (int i = 0; i < 3; i++) {
                var r = Http.get(run.url("/hello?q=" + i));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello " + host);
            }
            run.close();
            Path logs = base.resolve("logs");
            assertThat(LogTree.all(logs)).as("only the replica folder under logs/").allMatch(p -> p.isEmpty() || p.startsWith(host));
            Path folder = logs.resolve(host);
            assertThat(LogTree.read(LogTree.one(folder, "catalina."))).contains("Starting ProtocolHandler")
                    .contains("flotilla tomcat-support: resolved host name '" + host + "' from environment variable HOSTNAME");
            assertThat(LogTree.read(LogTree.one(folder, "localhost_access_log."))).contains("\"GET /hello?q=2 HTTP/1.1\" 200");
            String flavor = line.flavor == TestWebapp.Flavor.JAVAX ? "javax" : "jakarta";
            assertThat(LogTree.read(folder.resolve("debug.log"))).contains("debug from " + flavor + " request q=2")
                    .doesNotContain("info from");
            assertThat(LogTree.read(folder.resolve("error.log"))).contains("error from " + flavor + " request q=0");
            LogTree.assertNoBrokenNames(base);
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddedRun.Line.class)
    void theWebFragmentRunsOurInitializerBeforeLogbacksSoAManualLogbackXmlWorks(EmbeddedRun.Line line) throws Exception {
        String host = "sci-" + line.name().toLowerCase();
        Path base = dir.resolve("base");
        Path webapp = TestWebapp.build(dir.resolve("app"), line.flavor, TestWebapp.MANUAL_LOGBACK);
        try (EmbeddedRun run = EmbeddedRun.start(line, false, base, webapp, List.of(), Map.of("HOSTNAME", host), List.of())) {
            assertThat(Http.get(run.url("/hello?q=x")).statusCode()).isEqualTo(200);
            run.close();
            assertThat(LogTree.read(base.resolve("logs").resolve(host).resolve("debug.log"))).contains("request q=x");
            assertThat(run.jvm.output()).contains("flotilla tomcat-support: set custom.hostname=" + host);
            LogTree.assertNoBrokenNames(base);
        }
    }
}
