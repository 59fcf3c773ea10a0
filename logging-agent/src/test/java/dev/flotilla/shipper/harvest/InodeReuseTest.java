package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.config.ConfigLoader;
import dev.flotilla.shipper.discovery.Containers;
import dev.flotilla.shipper.discovery.FileStat;
import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.discovery.InputRuntime;
import dev.flotilla.shipper.event.AgentInfo;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.pipeline.EventQueue;
import dev.flotilla.shipper.pipeline.Pending;
import dev.flotilla.shipper.registry.Cursor;
import dev.flotilla.shipper.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A removed file's inode can be handed to the next file created in the same folder (ext4 does it at once). Device and
 * inode then name a different file: what the registry or a running reader knows about the old one must not be
 * applied to the new one. Which file gets which inode is the filesystem's choice, so these tests state the reuse
 * directly: a registry entry or a reader whose identity is the new file's, with the old file's content and path.
 */
class InodeReuseTest {
    private static final int LINES = 40;

    @TempDir
    Path tmp;
    private Registry registry;
    private EventQueue queue;
    private Harvesters harvesters;
    private InputRuntime input;
    private Path folder;

    @BeforeEach
    void setUp() throws Exception {
        folder = Files.createDirectories(tmp.resolve("logs/c1"));
        input = new InputRuntime(ConfigLoader.parse("""
                inputs:
                  - id: app
                    paths: ["%s/*/*.log"]
                output.logstash: {hosts: ["unused:5044"]}
                """.formatted(tmp.resolve("logs")), "test", tmp).inputs().get(0));
        registry = Registry.open(tmp.resolve("registry"));
        queue = new EventQueue(10_000, 64L << 20);
        harvesters = new Harvesters(AgentInfo.create("node-t", "id-1", "filebeat"), registry, queue, new Metrics(),
                new Containers(), 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        harvesters.close();
        registry.close();
    }

    /** LINES lines of equal length: an old and a new file end up the same size, as in the waves of AgentProcessIT. */
    private Path write(String name, String stream) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            b.append(String.format("%s line %04d of a file that was written whole%n", stream, i));
        }
        return Files.writeString(folder.resolve(name), b, StandardCharsets.UTF_8);
    }

    private static Fingerprint fingerprint(Path p) throws Exception {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return Fingerprint.of(ch);
        }
    }

    /** The messages taken from the queue until {@code n} arrived or the time is up. */
    private List<String> take(int n, Duration timeout) throws Exception {
        List<String> messages = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (messages.size() < n && System.nanoTime() < end) {
            if (queue.size() == 0) {
                Thread.sleep(20); // take() waits for a first event without a bound
                continue;
            }
            for (Pending p : queue.take(n, 1, TimeUnit.MILLISECONDS.toNanos(20), Long.MAX_VALUE)) {
                p.cursor().published();
                p.cursor().acknowledged(p.end());
                String json = new String(p.head(), StandardCharsets.UTF_8) + new String(p.suffix(), StandardCharsets.UTF_8);
                int at = json.indexOf("\"message\":\"");
                messages.add(json.substring(at + 11, json.indexOf('"', at + 11)));
            }
        }
        return messages;
    }

    @Test
    void aRegistryEntryOfARemovedFileIsNotMovedOntoANewFileWithItsInode() throws Exception {
        Path fresh = write("b.log", "new");
        FileStat st = FileStat.of(fresh);
        // what the registry holds after "a.log" was read to its end, acknowledged and removed, when the filesystem
        // gave its inode to b.log (same size, other content)
        Path removed = folder.resolve("a.log");
        Cursor old = new Cursor(st.key(), input.id(), fingerprint(write("a.log", "old")), removed.toString(), st.size());
        Files.delete(removed);
        registry.put(old);

        harvesters.sweep();
        assertThat(registry.get(st.key()) == null || !registry.get(st.key()).path().equals(fresh.toString()))
                .as("the old entry is not taken for b.log renamed").isTrue();

        harvesters.offer(input, st);
        List<String> got = take(LINES, Duration.ofSeconds(5));
        assertThat(got).as("every line of the new file, from its first").hasSize(LINES);
        assertThat(got.get(0)).startsWith("new line 0000");
        assertThat(got).allMatch(m -> m.startsWith("new line "));
    }

    @Test
    void aRegistryEntryAtTheSamePathWithOtherContentOfTheSameSizeIsNotTakenAsRead() throws Exception {
        // removed and created again under the same name before a scan saw the gap: same path, same inode, same size
        Path log = write("catalina.log", "old");
        FileStat before = FileStat.of(log);
        Cursor old = new Cursor(before.key(), input.id(), fingerprint(log), log.toString(), before.size());
        registry.put(old);
        Files.writeString(log, Files.readString(log).replace("old ", "new "), StandardOpenOption.TRUNCATE_EXISTING);
        FileStat after = FileStat.of(log);
        assertThat(after.key()).isEqualTo(before.key());
        assertThat(after.size()).isEqualTo(before.size());

        harvesters.offer(input, after);
        List<String> got = take(LINES, Duration.ofSeconds(5));
        assertThat(got).as("the new content is read from its start").hasSize(LINES);
        assertThat(got).allMatch(m -> m.startsWith("new line "));
    }

    @Test
    void aRunningReaderDoesNotFollowItsInodeToAFileWithOtherContent() throws Exception {
        Path a = write("a.log", "old");
        FileStat st = FileStat.of(a);
        harvesters.offer(input, st);
        List<String> first = take(LINES, Duration.ofSeconds(5));
        assertThat(first).hasSize(LINES).allMatch(m -> m.startsWith("old line "));

        // discovery reports a file in another folder with the identity of the running reader's file
        Path other = Files.createDirectories(tmp.resolve("logs/c2"));
        Path b = Files.writeString(other.resolve("b.log"), Files.readString(a).replace("old ", "new "));
        harvesters.offer(input, new FileStat(b, st.key(), Files.size(b), System.currentTimeMillis(), true));

        Cursor c = registry.get(st.key());
        assertThat(c.path()).as("the reader stays with its own file").isEqualTo(a.toString());
        Files.writeString(a, "old line 9999 appended after the report of b.log.........\n", StandardOpenOption.APPEND);
        List<String> later = take(1, Duration.ofSeconds(5));
        assertThat(later).as("the reader still reads a.log").containsExactly("old line 9999 appended after the report of b.log.........");
    }
}
