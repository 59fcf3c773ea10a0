package dev.flotilla.shipper.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The agent's counters and gauges. Counters are {@link LongAdder}s updated on the hot path; gauges are read when
 * {@code /metrics} is scraped or the summary is logged.
 */
public final class Metrics {
    public final LongAdder eventsRead = new LongAdder();
    public final LongAdder bytesRead = new LongAdder();
    public final LongAdder eventsPublished = new LongAdder();
    public final LongAdder eventsAcked = new LongAdder();
    public final LongAdder batchesPublished = new LongAdder();
    public final LongAdder linesTruncated = new LongAdder();
    public final LongAdder partialLines = new LongAdder();
    public final LongAdder multilineEvents = new LongAdder();
    public final LongAdder invalidUtf8 = new LongAdder();
    public final LongAdder fileTruncations = new LongAdder();
    public final LongAdder copiesDrained = new LongAdder();
    public final LongAdder filesOpened = new LongAdder();
    public final LongAdder filesClosed = new LongAdder();
    public final LongAdder removedUnreadBytes = new LongAdder();
    public final LongAdder readErrors = new LongAdder();
    public final LongAdder registryFlushes = new LongAdder();
    public final LongAdder registryCorruptions = new LongAdder();
    /** Reader steps that found the queue full and paused instead of reading. */
    public final LongAdder readerPauses = new LongAdder();
    /** Scans of an input's folders by discovery (at start, every check_interval, and when asked for). */
    public final LongAdder discoveryScans = new LongAdder();

    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private volatile Supplier<Map<String, Long>> fileLag = Map::of;
    private volatile Supplier<Map<String, Long>> outputCounters = Map::of;

    /** A value read at scrape time. */
    public record Gauge(String name, String help, LongSupplier value) {
    }

    public void gauge(String name, String help, LongSupplier value) {
        gauges.add(new Gauge(name, help, value));
    }

    public List<Gauge> gauges() {
        return List.copyOf(gauges);
    }

    /** Bytes written to each open file but not yet acknowledged, by path. */
    public void fileLag(Supplier<Map<String, Long>> supplier) {
        this.fileLag = supplier;
    }

    public Map<String, Long> fileLag() {
        return fileLag.get();
    }

    /** Counters an output reports about itself (connections, reconnects, resent batches), by metric name. */
    public void outputCounters(Supplier<Map<String, Long>> supplier) {
        this.outputCounters = supplier;
    }

    public Map<String, Long> outputCounters() {
        return outputCounters.get();
    }
}
