package dev.flotilla.shipper.output.beats;

import java.util.concurrent.atomic.LongAdder;

/** The output's mutable counters; {@link BeatsOutput#stats()} reads them into a {@link BeatsStats}. */
final class Counters {
    final LongAdder eventsSent = new LongAdder();
    final LongAdder eventsAcked = new LongAdder();
    final LongAdder eventsResent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder windowsSent = new LongAdder();
    final LongAdder batchesPublished = new LongAdder();
    final LongAdder batchesAcked = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connectionFailures = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder keepalives = new LongAdder();
}
