package dev.flotilla.shipper.output;

import java.util.List;

/**
 * A batch of events, each already encoded as one UTF-8 JSON object, and the listener that learns how far the peer
 * has acknowledged it. {@code events} is never empty.
 */
public record OutBatch(List<byte[]> events, AckListener listener) {
    public OutBatch {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        if (listener == null) {
            throw new IllegalArgumentException("a batch needs an ack listener");
        }
    }

    public int size() {
        return events.size();
    }
}
