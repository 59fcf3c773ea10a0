package dev.flotilla.shipper.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The periodic one-line summary: what happened since the last line, and the state now. */
public final class SummaryLog {
    private static final Logger log = LoggerFactory.getLogger("dev.flotilla.shipper.summary");
    private final Metrics metrics;
    private long lastRead;
    private long lastAcked;
    private long lastBytes;
    private long lastNanos = System.nanoTime();

    public SummaryLog(Metrics metrics) {
        this.metrics = metrics;
    }

    public void log() {
        log.info(line());
    }

    String line() {
        long now = System.nanoTime();
        double secs = Math.max((now - lastNanos) / 1e9, 1e-3);
        long read = metrics.eventsRead.sum();
        long acked = metrics.eventsAcked.sum();
        long bytes = metrics.bytesRead.sum();
        StringBuilder sb = new StringBuilder("summary:");
        sb.append(" read=").append(read - lastRead).append(String.format(" (%.0f/s)", (read - lastRead) / secs));
        sb.append(" acked=").append(acked - lastAcked).append(String.format(" (%.0f/s)", (acked - lastAcked) / secs));
        sb.append(" bytes=").append(bytes - lastBytes);
        for (Metrics.Gauge g : metrics.gauges()) {
            String n = g.name().replace("shipper_", "");
            sb.append(' ').append(n).append('=').append(g.value().getAsLong());
        }
        sb.append(" truncations=").append(metrics.fileTruncations.sum());
        metrics.outputCounters().forEach((k, v) -> sb.append(' ').append(k.replace("shipper_", "")).append('=').append(v));
        lastRead = read;
        lastAcked = acked;
        lastBytes = bytes;
        lastNanos = now;
        return sb.toString();
    }
}
