package dev.flotilla.shipper.registry;

import dev.flotilla.shipper.discovery.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryRecoveryTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path src = Path.of("src/test/resources/registry", name);
        Path dst = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : s.toList()) {
                Files.copy(p, dst.resolve(p.getFileName()));
            }
        }
        return dst;
    }

    private static Map<String, Long> offsets(Registry r) {
        Map<String, Long> m = new HashMap<>();
        r.cursors().forEach(c -> m.put(c.key(), c.committed()));
        return m;
    }

    private static List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRecordCutShortByACrashIsSkippedWithoutCallingItCorruption() throws Exception {
        Path d = fixture("incomplete");
        try (Registry r = Registry.open(d)) {
            assertThat(offsets(r)).isEqualTo(Map.of("1:10", 500L, "1:11", 200L));
            assertThat(r.recovery().corruptions()).isZero();
            assertThat(r.recovery().problems()).singleElement().asString().startsWith("ignored the last record");
        }
        assertThat(files(d)).noneMatch(f -> f.contains("corrupt"));
    }

    @Test
    void aCorruptCheckpointIsMovedAsideAndReportedAndTheLogStillApplies() throws Exception {
        Path d = fixture("corrupt_checkpoint");
        try (Registry r = Registry.open(d)) {
            assertThat(offsets(r)).isEqualTo(Map.of("1:12", 900L));
            assertThat(r.recovery().corruptions()).isEqualTo(1);
            assertThat(r.recovery().problems()).singleElement().asString()
                    .contains("is corrupt").contains("moved to").contains("checkpoint.json.corrupt-");
        }
        assertThat(files(d)).anyMatch(f -> f.startsWith("checkpoint.json.corrupt-"));
        String kept = Files.readString(Files.list(d).filter(p -> p.getFileName().toString().startsWith("checkpoint.json.corrupt-"))
                .findFirst().orElseThrow(), StandardCharsets.UTF_8);
        assertThat(kept).startsWith("{\"version\":1,\"seq\":3");
    }

    @Test
    void aCorruptLogRecordIsReportedACopyKeptAndEveryReadableRecordApplied() throws Exception {
        Path d = fixture("corrupt_log");
        try (Registry r = Registry.open(d)) {
            assertThat(offsets(r)).isEqualTo(Map.of("1:10", 300L, "1:13", 40L));
            assertThat(r.recovery().corruptions()).isEqualTo(1);
            assertThat(r.recovery().problems()).singleElement().asString().contains("1 unreadable record(s) (first at line 2");
        }
        assertThat(files(d)).anyMatch(f -> f.startsWith("log.json.corrupt-"));
    }

    @Test
    void operationsOlderThanTheCheckpointNeverMoveAnOffsetBack() throws Exception {
        try (Registry r = Registry.open(fixture("stale_log"))) {
            assertThat(offsets(r)).isEqualTo(Map.of("1:10", 800L));
            assertThat(r.recovery().problems()).isEmpty();
        }
    }

    @Test
    void flushedOffsetsSurviveReopeningAndRemovalsToo() throws Exception {
        Path d = dir.resolve("reg");
        Fingerprint fp = new Fingerprint(10, 42);
        try (Registry r = Registry.open(d)) {
            Cursor a = new Cursor("1:1", "in", fp, "/l/a.log", 0);
            Cursor b = new Cursor("1:2", "in", fp, "/l/b.log", 0);
            r.put(a);
            r.put(b);
            a.published();
            a.acknowledged(120);
            b.published();
            b.acknowledged(7);
            r.flush();
            r.remove(b);
            a.published();
            a.acknowledged(240);
            r.flush();
        }
        try (Registry r = Registry.open(d)) {
            assertThat(offsets(r)).isEqualTo(Map.of("1:1", 240L));
            Cursor a = r.get("1:1");
            assertThat(a.fingerprint()).isEqualTo(fp);
            assertThat(a.path()).isEqualTo("/l/a.log");
            assertThat(a.inputId()).isEqualTo("in");
            assertThat(r.recovery().problems()).isEmpty();
        }
    }

    @Test
    void withoutAFlushNothingIsClaimedAfterReopening() throws Exception {
        Path d = dir.resolve("reg2");
        Registry r = Registry.open(d);
        Cursor a = new Cursor("1:1", "in", Fingerprint.EMPTY, "/l/a.log", 0);
        r.put(a);
        r.flush();
        a.published();
        a.acknowledged(999);
        // simulate kill -9: no flush, no close; the channel is simply abandoned
        try (Registry again = Registry.open(d)) {
            assertThat(offsets(again)).isEqualTo(Map.of("1:1", 0L));
        }
    }

    @Test
    void aLargeLogIsFoldedIntoANewCheckpoint() throws Exception {
        Path d = dir.resolve("reg3");
        try (Registry r = Registry.open(d)) {
            Cursor a = new Cursor("1:1", "in", Fingerprint.EMPTY, "/l/" + "x".repeat(3000) + ".log", 0);
            r.put(a);
            for (int i = 1; i <= 2_000; i++) {
                a.published();
                a.acknowledged(i);
                r.flush();
            }
            assertThat(Files.size(d.resolve("log.json"))).isLessThan(Registry.CHECKPOINT_BYTES);
        }
        try (Registry r = Registry.open(d)) {
            assertThat(r.get("1:1").committed()).isEqualTo(2_000);
        }
    }

    @Test
    void retiredCursorsAreReplacedNotPersisted() throws Exception {
        try (Registry r = Registry.open(dir.resolve("reg4"))) {
            Cursor old = new Cursor("1:1", "in", Fingerprint.EMPTY, "/l/a.log", 500);
            r.put(old);
            Cursor fresh = new Cursor("1:1", "in", Fingerprint.EMPTY, "/l/a.log", 0);
            r.put(fresh);
            assertThat(old.retired()).isTrue();
            assertThat(r.get("1:1")).isSameAs(fresh);
        }
    }
}
