package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.metrics.Metrics;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Applies acknowledgements in publication order: a batch's events move their files' committed offsets forward only
 * when every earlier batch is fully acknowledged, so an offset never passes a line that was not acknowledged.
 */
public final class Acker {
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final Metrics metrics;

    public Acker(Metrics metrics) {
        this.metrics = metrics;
    }

    /** A published batch and how far it is acknowledged. */
    public static final class InFlight {
        private final List<Pending> events;
        private int acked;
        private int applied;

        private InFlight(List<Pending> events) {
            this.events = events;
        }

        public int size() {
            return events.size();
        }
    }

    /** Registers a batch before it is handed to the output (an acknowledgement may arrive before publish returns). */
    public synchronized InFlight register(List<Pending> events) {
        InFlight f = new InFlight(events);
        inFlight.addLast(f);
        return f;
    }

    /** The output acknowledged the first {@code cumulative} events of the batch. */
    public synchronized void acked(InFlight batch, int cumulative) {
        if (cumulative > batch.acked) {
            batch.acked = Math.min(cumulative, batch.size());
        }
        while (!inFlight.isEmpty()) {
            InFlight head = inFlight.peekFirst();
            int from = head.applied;
            while (head.applied < head.acked) {
                Pending p = head.events.get(head.applied++);
                p.cursor().acknowledged(p.end());
            }
            metrics.eventsAcked.add(head.applied - from);
            if (head.applied < head.size()) {
                return;
            }
            inFlight.pollFirst();
        }
    }

    /** Batches published and not yet fully acknowledged. */
    public synchronized int inFlightBatches() {
        return inFlight.size();
    }

    public synchronized long inFlightEvents() {
        long n = 0;
        for (InFlight f : inFlight) {
            n += f.size() - f.applied;
        }
        return n;
    }
}
