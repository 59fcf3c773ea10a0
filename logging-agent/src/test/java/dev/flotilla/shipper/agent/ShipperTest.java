package dev.flotilla.shipper.agent;

import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigLoader;
import dev.flotilla.shipper.event.TaskMetadata;
import dev.flotilla.shipper.metrics.PrometheusText;
import dev.flotilla.shipper.registry.Registry;
import dev.flotilla.shipper.testing.Lines;
import dev.flotilla.shipper.testing.RecordingOutput;
import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole agent in this JVM, on real files, with an in-process output that records and acknowledges. */
class ShipperTest {
    @TempDir
    Path tmp;
    private Shipper agent;
    private final RecordingOutput output = new RecordingOutput(2);
    private final Lines lines = new Lines(120);

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private Path root() throws Exception {
        return Files.createDirectories(tmp.resolve("logs"));
    }

    private AgentConfig config(String inputExtra, String extra) throws Exception {
        return ConfigLoader.parse("""
                name: node-t
                inputs:
                  - id: app
                    paths: ["%s/*/*.log"]
                    prospector.scanner.check_interval: 500ms
                %s
                output.logstash: {hosts: ["unused:5044"], bulk_max_size: 256}
                queue.mem: {events: 512, flush.timeout: 10ms}
                registry: {path: "%s", flush: 100ms}
                http.enabled: false
                logging.metrics.enabled: false
                %s
                """.formatted(root(), inputExtra.indent(4).stripTrailing(), tmp.resolve("registry"), extra), "test", tmp);
    }

    private Shipper start(AgentConfig c) throws Exception {
        agent = Shipper.start(c, (cfg, metrics) -> output);
        return agent;
    }

    private void awaitAll(Duration timeout) {
        try {
            Await.until("every line shipped", timeout, () -> lines.check(output.events()).complete());
        } catch (AssertionError e) {
            throw new AssertionError("not every line arrived: " + lines.check(output.events()), e);
        }
    }

    @Test
    void newFoldersAndFilesAreShippedWithOffsetsAndContainerFields() throws Exception {
        start(config("", ""));
        Path h1 = Files.createDirectories(root().resolve("web-1-k3x9"));
        Files.writeString(h1.resolve(TaskMetadata.FILE_NAME), "{\"service\":\"web\",\"task_id\":\"k3x9\",\"slot\":1}");
        lines.append(h1.resolve("debug.log"), "a", 0, 100);
        Path h2 = Files.createDirectories(root().resolve("web-2-zz"));
        lines.append(h2.resolve("debug.log"), "b", 0, 100);
        awaitAll(Duration.ofSeconds(5));
        lines.append(h1.resolve("debug.log"), "a", 100, 150);
        awaitAll(Duration.ofSeconds(5));
        Lines.Report r = lines.check(output.events());
        assertThat(r.duplicates()).isZero();
        Map<String, Object> first = output.events().stream()
                .filter(e -> e.get("message").toString().contains("stream=a seq=0 ")).findFirst().orElseThrow();
        assertThat(((Map<?, ?>) first.get("container")).get("name")).isEqualTo("web-1-k3x9");
        assertThat(((Map<?, ?>) first.get("service")).get("name")).isEqualTo("web");
        assertThat(((Map<?, ?>) ((Map<?, ?>) first.get("log")).get("file")).get("path")).isEqualTo(h1.resolve("debug.log").toString());
        assertThat(((Map<?, ?>) first.get("host")).get("name")).isEqualTo("node-t");
        String key = dev.flotilla.shipper.discovery.FileStat.of(h1.resolve("debug.log")).key();
        agent.close();
        agent = null;
        try (Registry reg = Registry.open(tmp.resolve("registry"))) {
            assertThat(reg.get(key).committed()).as("the acknowledged offset is saved").isEqualTo(Files.size(h1.resolve("debug.log")));
        }
    }

    @Test
    void aFileRemovedAndCreatedAgainWhileTheAgentIsStoppedIsReadWhole() throws Exception {
        // Same folder, same name, same size: on ext4 the new file also gets the removed file's inode, so device,
        // inode, path and size all match the registry entry; only the content (the fingerprint) tells them apart.
        start(config("", ""));
        Path h = Files.createDirectories(root().resolve("c9"));
        Path log = h.resolve("catalina.log");
        lines.append(log, "old", 0, 60);
        awaitAll(Duration.ofSeconds(5));
        String before = dev.flotilla.shipper.discovery.FileStat.of(log).key();
        long size = Files.size(log);
        agent.close();
        agent = null;

        Files.delete(log);
        lines.reset(log);
        lines.append(log, "new", 0, 60);
        assertThat(Files.size(log)).isEqualTo(size);
        boolean reused = dev.flotilla.shipper.discovery.FileStat.of(log).key().equals(before);
        output.reopen();
        start(config("", ""));
        try {
            awaitAll(Duration.ofSeconds(10));
        } catch (AssertionError e) {
            throw new AssertionError("inode reused: " + reused + "; " + e.getMessage(), e);
        }
        assertThat(lines.check(output.events()).duplicates()).isZero();
    }

    @Test
    void renameRotationReadsTheOldFileToItsEnd() throws Exception {
        start(config("", ""));
        Path h = Files.createDirectories(root().resolve("c1"));
        Path log = h.resolve("debug.log");
        for (int gen = 0; gen < 5; gen++) {
            int first = gen * 400;
            lines.append(log, "r", first, first + 200);
            Await.until("generation " + gen + " discovered", Duration.ofSeconds(5), () -> output.events().stream()
                    .anyMatch(e -> e.get("message").toString().contains("stream=r seq=" + first + " ")));
            lines.append(log, "r", first + 200, first + 400);
            Files.move(log, h.resolve("debug." + gen + ".log.gz"));
            lines.reset(log);
        }
        lines.append(log, "r", 2000, 2100);
        awaitAll(Duration.ofSeconds(10));
        assertThat(lines.check(output.events()).duplicates()).isZero();
        Await.until("rotated files closed", Duration.ofSeconds(5), () -> gauge("shipper_open_files") == 1);
    }

    @Test
    void copytruncateLosesNoUnreadLine() throws Exception {
        start(config("", ""));
        Path h = Files.createDirectories(root().resolve("c2"));
        Path log = h.resolve("catalina.log");
        lines.append(log, "t", 0, 300);
        awaitAll(Duration.ofSeconds(5));
        output.block();
        lines.append(log, "t", 300, 600);
        Await.until("lines 300-600 read (held by the blocked output)", Duration.ofSeconds(10),
                () -> agent.metrics().eventsRead.sum() >= 600);
        Files.copy(log, h.resolve("catalina.log.1"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        lines.reset(log);
        Lines fresh = lines;
        fresh.append(log, "u", 0, 100);
        output.unblock();
        awaitAll(Duration.ofSeconds(10));
        assertThat(agent.metrics().fileTruncations.sum()).isEqualTo(1);
        assertThat(PrometheusText.render(agent.metrics())).contains("shipper_file_truncations_total 1");
        // a second rotation of the same file, with more unread lines than the queue holds when it happens
        output.block();
        lines.append(log, "u", 100, 3000);
        long pausesBefore = agent.metrics().readerPauses.sum();
        Await.until("reading paused by the full queue", Duration.ofSeconds(10),
                () -> output.heldBatches() == 2 && gauge("shipper_queue_events") >= 512
                        && agent.metrics().readerPauses.sum() > pausesBefore);
        Files.copy(log, h.resolve("catalina.log.2"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        lines.reset(log);
        lines.append(log, "v", 0, 50);
        output.unblock();
        awaitAll(Duration.ofSeconds(15));
        assertThat(agent.metrics().fileTruncations.sum()).isEqualTo(2);
        // the second rotation happened with unread lines (reading was paused), so they can only have come from the copy
        // (the first may have been noticed after everything was acknowledged: then there is nothing to recover)
        assertThat(agent.metrics().copiesDrained.sum()).as("the unread tail was read from the copy").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFileRewrittenLongerThanTheReadOffsetIsReadAgainFromItsStart() throws Exception {
        start(config("", ""));
        Path h = Files.createDirectories(root().resolve("c7"));
        Path log = h.resolve("app.log");
        lines.append(log, "old", 0, 50);
        awaitAll(Duration.ofSeconds(5));
        output.block();
        lines.rewrite(log, "new", 0, 400);
        Await.until("the rewrite noticed while the output is blocked", Duration.ofSeconds(10),
                () -> agent.metrics().fileTruncations.sum() >= 1);
        output.unblock();
        awaitAll(Duration.ofSeconds(10));
        assertThat(agent.metrics().fileTruncations.sum()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void partialLastLineIsShippedAfterTheTimeoutAndFlagged() throws Exception {
        start(config("partial_line_timeout: 300ms", ""));
        Path h = Files.createDirectories(root().resolve("c3"));
        Files.writeString(h.resolve("x.log"), "complete\nno newline yet");
        Await.until("both lines", Duration.ofSeconds(5), () -> output.size() == 2);
        Map<String, Object> partial = output.events().get(1);
        assertThat(partial.get("message")).isEqualTo("no newline yet");
        assertThat(((Map<?, ?>) partial.get("log")).get("flags")).isEqualTo(List.of("partial"));
        assertThat(((Map<?, ?>) partial.get("log")).get("offset")).isEqualTo(9);
    }

    @Test
    void aRemovedFileIsReleasedWhileTheOutputIsBlockedAndMemoryStaysBounded() throws Exception {
        start(config("close.removed_after: 1s", ""));
        output.block();
        Path h = Files.createDirectories(root().resolve("c4"));
        Path log = h.resolve("big.log");
        lines.append(log, "d", 0, 20_000);
        Await.until("queue full and reading paused", Duration.ofSeconds(10),
                () -> agent.metrics().gauges().stream().filter(g -> g.name().equals("shipper_queue_events")).findFirst()
                        .orElseThrow().value().getAsLong() >= 512);
        // the reader steps one at a time: once a step has paused for room, everything it read before is counted;
        // two more pauses are two more chances to read, which must read nothing while the queue stays full
        long pauses = agent.metrics().readerPauses.sum();
        Await.until("the reader paused for room", Duration.ofSeconds(10), () -> agent.metrics().readerPauses.sum() > pauses);
        long readBefore = agent.metrics().eventsRead.sum();
        long pausesThen = agent.metrics().readerPauses.sum();
        Await.until("the reader paused twice more", Duration.ofSeconds(10),
                () -> agent.metrics().readerPauses.sum() >= pausesThen + 2);
        assertThat(agent.metrics().eventsRead.sum()).as("reading stays paused while the queue is full").isEqualTo(readBefore);
        assertThat(readBefore).as("events read while the output is blocked").isLessThan(512 + 2 * 256 + 2 * 1024);
        Files.delete(log);
        Await.until("the deleted file is closed", Duration.ofSeconds(5), () -> gauge("shipper_open_files") == 0);
        assertThat(agent.metrics().removedUnreadBytes.sum()).isGreaterThan(0);
        output.unblock();
    }

    private long gauge(String name) {
        return agent.metrics().gauges().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow().value().getAsLong();
    }

    @Test
    void stackTracesAndBadBytesAreShippedSafely() throws Exception {
        start(config("multiline: {preset: logback}\nmessage_max_bytes: 2KiB", ""));
        Path h = Files.createDirectories(root().resolve("c5"));
        byte[] bad = {'2', '0', '2', '6', '-', '1', '1', '-', '2', '2', ' ', 'b', 'a', 'd', ' ', (byte) 0xFF, (byte) 0xC3, '\n'};
        Files.write(h.resolve("app.log"), ("2026-11-22 10:00:00 ERROR boom\njava.lang.IllegalStateException: x\n\tat a.b(C.java:1)\n"
                + "2026-11-22 10:00:01 INFO " + "y".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(h.resolve("app.log"), bad, StandardOpenOption.APPEND);
        Files.writeString(h.resolve("app.log"), "2026-11-22 10:00:02 INFO end\n", StandardOpenOption.APPEND);
        Await.until("four events", Duration.ofSeconds(10), () -> output.size() == 4);
        List<Map<String, Object>> ev = output.events();
        assertThat(ev.get(0).get("message")).isEqualTo("2026-11-22 10:00:00 ERROR boom\njava.lang.IllegalStateException: x\n\tat a.b(C.java:1)");
        assertThat(((Map<?, ?>) ev.get(0).get("log")).get("flags")).isEqualTo(List.of("multiline"));
        assertThat(ev.get(1).get("message").toString()).hasSize(2048);
        assertThat(((Map<?, ?>) ev.get(1).get("log")).get("flags")).isEqualTo(List.of("truncated"));
        assertThat(ev.get(2).get("message")).isEqualTo("2026-11-22 bad \uFFFD\uFFFD");
        assertThat(agent.metrics().invalidUtf8.sum()).isEqualTo(2);
        assertThat(ev.get(3).get("message")).isEqualTo("2026-11-22 10:00:02 INFO end");
    }

    @Test
    void ignoreOlderSkipsOldContentButShipsWhatComesAfter() throws Exception {
        Path h = Files.createDirectories(root().resolve("c6"));
        Path old = h.resolve("old.log");
        Files.writeString(old, "ancient line\n");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L * 24));
        start(config("ignore_older: 2h", ""));
        lines.append(old, "n", 0, 5);
        awaitAll(Duration.ofSeconds(5));
        assertThat(output.events()).noneMatch(e -> e.get("message").equals("ancient line"));
    }

    @Test
    void manySmallWritesKeepOneTimerPerFile() throws Exception {
        start(config("", ""));
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(Files.createDirectories(root().resolve("w" + i)).resolve("a.log"));
        }
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < files.size(); i++) {
                lines.append(files.get(i), "s" + i, round, round + 1);
            }
            Thread.sleep(5); // workload: small writes spread over about a second, each one an inotify wake-up
        }
        awaitAll(Duration.ofSeconds(10));
        // wake-ups still queued in discovery are handled before it scans again: after two scans none is left
        long scans = agent.metrics().discoveryScans.sum();
        Await.until("two more discovery scans", Duration.ofSeconds(10),
                () -> agent.metrics().discoveryScans.sum() >= scans + 2);
        assertThat(gauge("shipper_reader_tasks")).as("one pending step per open file, not one per wake-up")
                .isLessThanOrEqualTo(files.size());
    }

    @Test
    void harvesterLimitBoundsOpenFilesAndStillShipsEverything() throws Exception {
        start(config("harvester_limit: 3\nclose.inactive: 1s", ""));
        for (int i = 0; i < 9; i++) {
            Path h = Files.createDirectories(root().resolve("h" + i));
            lines.append(h.resolve("a.log"), "l" + i, 0, 20);
        }
        Await.until("all", Duration.ofSeconds(30), () -> {
            assertThat(gauge("shipper_open_files")).isLessThanOrEqualTo(3);
            return lines.check(output.events()).complete();
        });
    }
}
