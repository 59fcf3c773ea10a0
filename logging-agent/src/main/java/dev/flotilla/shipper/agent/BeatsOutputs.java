package dev.flotilla.shipper.agent;

import dev.flotilla.shipper.config.LogstashConfig;
import dev.flotilla.shipper.config.TlsConfig;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.output.Output;
import dev.flotilla.shipper.output.beats.BeatsOutput;
import dev.flotilla.shipper.output.beats.BeatsOutputConfig;
import dev.flotilla.shipper.output.beats.BeatsStats;
import dev.flotilla.shipper.output.beats.TlsSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The production output: {@code output.logstash} turned into the Lumberjack v2 client, its counters into metrics. */
public final class BeatsOutputs implements OutputFactory {

    @Override
    public Output create(LogstashConfig c, Metrics metrics) {
        BeatsOutput out = new BeatsOutput(toBeats(c)).start();
        metrics.outputCounters(() -> counters(out.stats()));
        return out;
    }

    public static BeatsOutputConfig toBeats(LogstashConfig c) {
        BeatsOutputConfig.Builder b = BeatsOutputConfig.builder(c.hosts())
                .loadbalance(c.loadbalance())
                .compressionLevel(c.compressionLevel())
                .bulkMaxSize(c.bulkMaxSize())
                .pipelining(c.pipelining())
                .timeout(c.timeout())
                .backoff(c.backoffInit(), c.backoffMax());
        TlsConfig t = c.ssl();
        if (t.enabled()) {
            b.tls(new TlsSettings(t.certificateAuthorities(), t.certificate(), t.key(),
                    TlsSettings.VerificationMode.valueOf(t.verificationMode().name())));
        }
        return b.build();
    }

    static Map<String, Long> counters(BeatsStats s) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("shipper_output_events_sent_total", s.eventsSent());
        m.put("shipper_output_events_resent_total", s.eventsResent());
        m.put("shipper_output_bytes_sent_total", s.bytesSent());
        m.put("shipper_output_connects_total", s.connects());
        m.put("shipper_output_reconnects_total", s.reconnects());
        m.put("shipper_output_connect_failures_total", s.connectFailures());
        m.put("shipper_output_connection_failures_total", s.connectionFailures());
        m.put("shipper_output_timeouts_total", s.timeouts());
        m.put("shipper_output_keepalives_total", s.keepalives());
        m.put("shipper_output_inflight_windows", (long) s.inFlightWindows());
        m.put("shipper_output_connected_hosts", (long) s.connectedHosts().size());
        return m;
    }
}
