package dev.flotilla.shipper.output.beats;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events a test server received, indexed by where they came from: {@code log.file.path} and {@code log.offset}
 * (nested ECS objects or flat dotted keys). Counts duplicates, so at-least-once tests can assert "every line
 * arrived" and report how many arrived twice. Thread-safe.
 */
public final class ReceivedEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> raw = new ArrayList<>();
    private final Map<String, NavigableMap<Long, AtomicInteger>> byPath = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger distinct = new AtomicInteger();
    private final AtomicInteger unkeyed = new AtomicInteger();

    /** Reads an NDJSON file (one event per line), as written by {@code logging-agent receive}. */
    public static ReceivedEvents fromNdjson(Path file) {
        ReceivedEvents r = new ReceivedEvents();
        try {
            if (!Files.exists(file)) {
                return r;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    r.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }), line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return r;
    }

    /** Records one event. */
    public void add(Map<String, Object> event, String json) {
        synchronized (raw) {
            raw.add(json);
        }
        total.incrementAndGet();
        Object path = lookup(event, "log.file.path");
        Object offset = lookup(event, "log.offset");
        if (path == null || !(offset instanceof Number)) {
            unkeyed.incrementAndGet();
            return;
        }
        AtomicInteger n = byPath.computeIfAbsent(path.toString(), p -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(((Number) offset).longValue(), o -> new AtomicInteger());
        if (n.incrementAndGet() == 1) {
            distinct.incrementAndGet();
        }
    }

    /** Events received, duplicates included. */
    public int total() {
        return total.get();
    }

    /** Distinct (path, offset) pairs received. */
    public int distinct() {
        return distinct.get();
    }

    /** Extra copies: total keyed events minus distinct ones. */
    public int duplicates() {
        return total.get() - unkeyed.get() - distinct.get();
    }

    /** Events without a path and an offset. */
    public int unkeyed() {
        return unkeyed.get();
    }

    /** How many times the event at (path, offset) arrived. */
    public int count(String path, long offset) {
        NavigableMap<Long, AtomicInteger> m = byPath.get(path);
        AtomicInteger n = m == null ? null : m.get(offset);
        return n == null ? 0 : n.get();
    }

    /** The offsets received for a path, sorted, each once. */
    public List<Long> offsets(String path) {
        NavigableMap<Long, AtomicInteger> m = byPath.get(path);
        return m == null ? List.of() : new ArrayList<>(m.keySet());
    }

    public TreeSet<String> paths() {
        return new TreeSet<>(byPath.keySet());
    }

    /** Which of the expected offsets of a path never arrived (empty when all did). */
    public List<Long> missing(String path, Iterable<Long> expected) {
        List<Long> out = new ArrayList<>();
        for (long o : expected) {
            if (count(path, o) == 0) {
                out.add(o);
            }
        }
        return out;
    }

    /** Waits until at least {@code n} distinct events arrived; false on timeout. */
    public boolean awaitDistinct(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (distinct() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20); // polling interval of this wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Per path: how many offsets, for messages. */
    public Map<String, Integer> summary() {
        Map<String, Integer> m = new TreeMap<>();
        byPath.forEach((p, offs) -> m.put(p, offs.size()));
        return m;
    }

    List<String> raw() {
        synchronized (raw) {
            return new ArrayList<>(raw);
        }
    }

    private static Object lookup(Map<String, Object> event, String dotted) {
        if (event.containsKey(dotted)) {
            return event.get(dotted);
        }
        Object cur = event;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<?, ?>) cur).get(part);
        }
        return cur;
    }
}
