package dev.flotilla.shipper.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        int appenders = 4;
        int perAppender = 200;
        int appends = appenders * perAppender;
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        try (NdjsonJournal j = NdjsonJournal.open(f)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                int id = t;
                work.add(() -> {
                    start.await();
                    int durable = 0;
                    for (int i = 0; i < perAppender; i++) {
                        long ticket = j.append(List.of(b("{\"t\":" + id + ",\"i\":" + i + "}")));
                        assertThat(j.awaitDurable(ticket, TimeUnit.SECONDS.toNanos(10)))
                                .as("appender %d, line %d durable", id, i).isTrue();
                        durable++;
                    }
                    return durable;
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> w : work) {
                results.add(pool.submit(w));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                // an assertion failing in an appender fails the test here, as the cause of an ExecutionException
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(perAppender);
            }
            assertThat(j.lines()).isEqualTo(appends);
            assertThat(j.syncs()).as("appends waiting while an fsync runs share the next one").isPositive()
                    .isLessThan(appends);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(f)).hasSize(appends).doesNotHaveDuplicates();
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
