package dev.flotilla.shipper.output.beats;

import java.util.List;

/**
 * A read-only snapshot of the Beats output's counters, for metrics. Counters only grow; the last four fields are
 * gauges at the time of the snapshot.
 *
 * @param eventsSent         events written to a connection, resends included
 * @param eventsAcked        events the peers acknowledged (each counted once)
 * @param eventsResent       events written again after a connection failed before their acknowledgement
 * @param bytesSent          bytes written to connections (frames, after compression)
 * @param windowsSent        windows (W frames) written, resends included
 * @param batchesPublished   batches handed to the output
 * @param batchesAcked       batches acknowledged completely
 * @param connects           connections established
 * @param reconnects         connections established after an earlier one of the same worker ended
 * @param connectFailures    attempts to connect (TCP or TLS) that failed
 * @param connectionFailures established connections closed because of an error, a timeout or the peer
 * @param timeouts           connections closed because no acknowledgement came within the timeout
 * @param keepalives         ACK 0 keepalives received
 * @param inFlightWindows    windows written and not yet acknowledged
 * @param queuedBatches      batches waiting for a connection
 * @param connectedHosts     the peers with an open connection now
 */
public record BeatsStats(long eventsSent, long eventsAcked, long eventsResent, long bytesSent, long windowsSent,
                         long batchesPublished, long batchesAcked, long connects, long reconnects,
                         long connectFailures, long connectionFailures, long timeouts, long keepalives,
                         int inFlightWindows, int queuedBatches, List<String> connectedHosts) {
    public BeatsStats {
        connectedHosts = List.copyOf(connectedHosts);
    }
}
