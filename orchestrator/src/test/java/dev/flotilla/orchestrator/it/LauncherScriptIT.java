package dev.flotilla.orchestrator.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/flotilla} as users run it: the first call records a class-data archive, later calls map it, and an
 * archive that is stale or damaged changes nothing a user can see.
 */
class LauncherScriptIT {
    private static final Path SCRIPT = Path.of("..", "bin", "flotilla").toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("flotilla.jar", "target/flotilla.jar")).toAbsolutePath();

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(SCRIPT.toString()), Stream.of(args)).toList());
        pb.environment().put("FLOTILLA_JAR", JAR.toString());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/flotilla finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<Path> archives() throws IOException {
        Path dir = tmp.resolve("cache/flotilla");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void theFirstCallRecordsAnArchiveAndADamagedOneChangesNothingVisible() throws Exception {
        assertThat(SCRIPT).exists();
        Run first = run(Map.of(), "--version");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("flotilla");
        assertThat(archives()).hasSize(1);
        Path archive = archives().get(0);
        assertThat(archive.getFileName().toString()).startsWith("cli-").endsWith(".jsa");
        assertThat(Files.size(archive)).isGreaterThan(1_000_000L);

        Run second = run(Map.of(), "--version");
        assertThat(second).isEqualTo(first);
        assertThat(archives()).containsExactly(archive);

        Files.write(archive, "not a class-data archive".getBytes(StandardCharsets.US_ASCII));
        Run damaged = run(Map.of(), "--version");
        assertThat(damaged).as("same output, no warning from the JVM").isEqualTo(first);

        Run usage = run(Map.of(), "node", "ls", "--bogus");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option: '--bogus'").doesNotContain("cds").doesNotContain("warning");
    }

    @Test
    void cdsCanBeTurnedOff() throws Exception {
        Run r = run(Map.of("FLOTILLA_CDS", "0"), "--version");
        assertThat(r.exit()).isZero();
        assertThat(archives()).isEmpty();
    }
}
