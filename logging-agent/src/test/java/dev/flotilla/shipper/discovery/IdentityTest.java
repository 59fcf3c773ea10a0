package dev.flotilla.shipper.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityTest {
    @TempDir
    Path dir;

    private static Fingerprint fp(Path p) throws Exception {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return Fingerprint.of(ch);
        }
    }

    private static boolean matches(Fingerprint fp, Path p) throws Exception {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return fp.matches(ch);
        }
    }

    @Test
    void renameKeepsTheIdentityAndANewFileGetsAnother() throws Exception {
        Path a = Files.writeString(dir.resolve("catalina.log"), "line 1\n");
        FileStat before = FileStat.of(a);
        Path moved = dir.resolve("catalina.2026-11-21.log");
        Files.move(a, moved);
        Files.writeString(a, "new\n");
        assertThat(FileStat.of(moved).key()).isEqualTo(before.key());
        assertThat(FileStat.of(a).key()).isNotEqualTo(before.key());
        assertThat(FileStat.of(dir.resolve("absent"))).isNull();
        assertThat(before.key()).matches("\\d+:\\d+");
    }

    @Test
    void fingerprintGrowsWithTheFileAndStillMatchesItsPrefix() throws Exception {
        Path a = Files.writeString(dir.resolve("a.log"), "short\n");
        Fingerprint small = fp(a);
        assertThat(small.length()).isEqualTo(6);
        Files.writeString(a, "x".repeat(3000), StandardOpenOption.APPEND);
        assertThat(matches(small, a)).isTrue();
        Fingerprint full = fp(a);
        assertThat(full.complete()).isTrue();
        assertThat(matches(full, a)).isTrue();
    }

    @Test
    void sameInodeWithNewContentIsANewFile() throws Exception {
        Path a = Files.writeString(dir.resolve("a.log"), "2026-11-22 first content of the old file\n");
        Fingerprint old = fp(a);
        String key = FileStat.of(a).key();
        Files.writeString(a, "2026-11-23 another file entirely, longer than before\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(FileStat.of(a).key()).isEqualTo(key);
        assertThat(matches(old, a)).isFalse();
    }

    @Test
    void aCopyHasTheSameFingerprint() throws Exception {
        Path a = Files.writeString(dir.resolve("a.log"), "y".repeat(5000));
        Path copy = Files.copy(a, dir.resolve("a.log.1"));
        assertThat(fp(copy)).isEqualTo(fp(a));
        assertThat(FileStat.of(copy).key()).isNotEqualTo(FileStat.of(a).key());
    }

    @Test
    void fingerprintTextRoundTrips() {
        Fingerprint f = new Fingerprint(1024, -5L);
        assertThat(Fingerprint.parse(f.text())).isEqualTo(f);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fingerprint.parse("12"))
                .hasMessageContaining("expected <length>:<16 hex digits>");
    }

    @Test
    void globsGiveBaseDepthAndContainerFolder() {
        InputRuntime.Glob g = InputRuntime.compile("/home/ubuntu/logs/*/catalina*.log");
        assertThat(g.base()).isEqualTo(Path.of("/home/ubuntu/logs"));
        assertThat(g.depth()).isEqualTo(2);
        assertThat(InputRuntime.compile("/var/log/app.log").base()).isEqualTo(Path.of("/var/log"));
        assertThat(InputRuntime.compile("/var/log/app.log").depth()).isEqualTo(1);
        assertThat(InputRuntime.compile("/a/**/x.log").depth()).isEqualTo(8);
    }

    @Test
    void containersAreReadFromTheFolderAndTheirMetadataFile() throws Exception {
        Path h = Files.createDirectories(dir.resolve("web-1"));
        Containers containers = new Containers();
        Containers.Holder holder = containers.of(h);
        assertThat(holder.info().name()).isEqualTo("web-1");
        assertThat(holder.info().service()).isNull();
        int v = holder.version();
        Files.writeString(h.resolve(dev.flotilla.shipper.event.TaskMetadata.FILE_NAME), "{\"service\":\"web\",\"slot\":1}",
                StandardCharsets.UTF_8);
        containers.refresh();
        assertThat(holder.info().service()).isEqualTo("web");
        assertThat(holder.version()).isNotEqualTo(v);
    }
}
