package dev.flotilla.shipper.receive;

import java.util.concurrent.atomic.LongAdder;

/** What the receiver has done, for its summary line and for tests. */
public final class ReceiverStats {
    final LongAdder connections = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder windows = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder keepalives = new LongAdder();

    public long connections() {
        return connections.sum();
    }

    /** Events written to the file (each acknowledged once it is synced). */
    public long events() {
        return events.sum();
    }

    public long windows() {
        return windows.sum();
    }

    /** Connections closed because the client sent something invalid. */
    public long refused() {
        return refused.sum();
    }

    public long keepalives() {
        return keepalives.sum();
    }

    @Override
    public String toString() {
        return events() + " events in " + windows() + " windows over " + connections() + " connections ("
                + refused() + " refused, " + keepalives() + " keepalives sent)";
    }
}
