package dev.flotilla.shipper.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** Renders {@link Metrics} in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static String render(Metrics m) {
        StringBuilder sb = new StringBuilder(4096);
        counter(sb, "shipper_events_read_total", "Events made from lines read from files", m.eventsRead);
        counter(sb, "shipper_bytes_read_total", "Bytes read from files", m.bytesRead);
        counter(sb, "shipper_events_published_total", "Events handed to the output", m.eventsPublished);
        counter(sb, "shipper_events_acked_total", "Events the output acknowledged (their offsets may now be saved)", m.eventsAcked);
        counter(sb, "shipper_batches_published_total", "Batches handed to the output", m.batchesPublished);
        counter(sb, "shipper_lines_truncated_total", "Messages cut at message_max_bytes", m.linesTruncated);
        counter(sb, "shipper_partial_lines_total", "Last lines shipped without their newline after partial_line_timeout", m.partialLines);
        counter(sb, "shipper_multiline_events_total", "Events joined from several lines", m.multilineEvents);
        counter(sb, "shipper_invalid_utf8_total", "Invalid UTF-8 sequences replaced by U+FFFD", m.invalidUtf8);
        counter(sb, "shipper_file_truncations_total", "Files found shorter than the read offset (copytruncate)", m.fileTruncations);
        counter(sb, "shipper_copies_drained_total", "Copies read to recover the unread tail of a truncated file", m.copiesDrained);
        counter(sb, "shipper_files_opened_total", "Files opened for reading", m.filesOpened);
        counter(sb, "shipper_files_closed_total", "Files closed", m.filesClosed);
        counter(sb, "shipper_removed_unread_bytes_total", "Bytes of removed files released unread after close.removed_after", m.removedUnreadBytes);
        counter(sb, "shipper_read_errors_total", "Errors while reading a file (the reader retries)", m.readErrors);
        counter(sb, "shipper_registry_flushes_total", "Registry syncs to disk", m.registryFlushes);
        counter(sb, "shipper_registry_corruptions_total", "Corrupt registry files found at start and moved aside", m.registryCorruptions);
        counter(sb, "shipper_reader_pauses_total", "Reader steps that found the queue full and paused", m.readerPauses);
        counter(sb, "shipper_discovery_scans_total", "Scans of an input's folders by discovery", m.discoveryScans);
        for (Metrics.Gauge g : m.gauges()) {
            header(sb, g.name(), g.help(), "gauge");
            sb.append(g.name()).append(' ').append(g.value().getAsLong()).append('\n');
        }
        Map<String, Long> out = new TreeMap<>(m.outputCounters());
        for (Map.Entry<String, Long> e : out.entrySet()) {
            header(sb, e.getKey(), "Reported by the output", e.getKey().endsWith("_total") ? "counter" : "gauge");
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        header(sb, "shipper_file_lag_bytes", "Bytes of an open file not yet acknowledged", "gauge");
        for (Map.Entry<String, Long> e : new TreeMap<>(m.fileLag()).entrySet()) {
            sb.append("shipper_file_lag_bytes{path=\"").append(escape(e.getKey())).append("\"} ").append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, LongAdder v) {
        header(sb, name, help, "counter");
        sb.append(name).append(' ').append(v.sum()).append('\n');
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
