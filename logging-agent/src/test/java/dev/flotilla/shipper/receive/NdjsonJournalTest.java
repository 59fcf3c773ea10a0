package dev.flotilla.shipper.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonJournalTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendedLinesAreOnDiskOnceTheirTicketIsDurable(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("events.ndjson");
        try (NdjsonJournal j = NdjsonJournal.open(f)) {
            long t1 = j.append(List.of(b("{\"a\":1}"), b("{\"a\":2}")));
            assertThat(j.awaitDurable(t1, TimeUnit.SECONDS.toNanos(10))).isTrue();
            assertThat(Files.readAllLines(f)).containsExactly("{\"a\":1}", "{\"a\":2}");
            long t2 = j.append(List.of(b("{\"a\":3}")));
            assertThat(t2).isGreaterThan(t1);
            assertThat(j.awaitDurable(t2, TimeUnit.SECONDS.toNanos(10))).isTrue();
            assertThat(j.lines()).isEqualTo(3);
        }
        assertThat(Files.readAllLines(f)).hasSize(3);
    }

    @Test
    void manyConcurrentAppendersShareFewerFsyncsThanAppends(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("events.ndjson");
        try (NdjsonJournal j = NdjsonJournal.open(f)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            long ticket = j.append(List.of(b("{\"t\":" + id + ",\"i\":" + i + "}")));
                            assertThat(j.awaitDurable(ticket, TimeUnit.SECONDS.toNanos(10))).isTrue();
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(60_000);
            }
            assertThat(j.lines()).isEqualTo(800);
            assertThat(j.syncs()).isLessThanOrEqualTo(800);
        }
        assertThat(Files.readAllLines(f)).hasSize(800).doesNotHaveDuplicates();
    }

    @Test
    void anUnfinishedLastLineIsCutOffOnOpenAndAppendingContinuesAfterTheLastWholeLine(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("events.ndjson");
        Files.writeString(f, "{\"a\":1}\n{\"a\":2}\n{\"a\":3, \"cut");
        try (NdjsonJournal j = NdjsonJournal.open(f)) {
            assertThat(j.awaitDurable(j.append(List.of(b("{\"a\":4}"))), TimeUnit.SECONDS.toNanos(10))).isTrue();
        }
        assertThat(Files.readAllLines(f)).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":4}");
        Files.writeString(f, "no newline at all");
        try (NdjsonJournal j = NdjsonJournal.open(f)) {
            assertThat(j.lines()).isZero();
        }
        assertThat(Files.size(f)).isZero();
    }

    @Test
    void aMissingFolderIsReportedWithWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> NdjsonJournal.open(dir.resolve("nope/events.ndjson")))
                .hasMessageContaining("does not exist; create it or choose another --out");
    }

    @Test
    void jsonLinesMustBeOneObjectAndNewlinesBecomeSpaces() throws Exception {
        assertThat(new String(JsonLine.check(b("{\n\"a\" :\r\n 1}"), 1), StandardCharsets.UTF_8)).isEqualTo("{ \"a\" :   1}");
        assertThatThrownBy(() -> JsonLine.check(b("[1,2]"), 4)).hasMessageContaining("JSON frame 4 is not a JSON object");
        assertThatThrownBy(() -> JsonLine.check(b("{\"a\":1} {}"), 5)).hasMessageContaining("data after its JSON object");
        assertThatThrownBy(() -> JsonLine.check(b("{\"a\":"), 6)).hasMessageContaining("JSON frame 6 is not valid JSON");
    }
}
