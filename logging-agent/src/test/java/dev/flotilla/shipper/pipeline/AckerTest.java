package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.registry.Cursor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acker's promise: a file's committed offset only ever covers events that were acknowledged, together with
 * every event published before them, whatever order and pieces the acknowledgements come in.
 */
class AckerTest {
    private final Metrics metrics = new Metrics();
    private final Acker acker = new Acker(metrics);

    private static Cursor cursor(String name) {
        return new Cursor("1:" + name, "in", Fingerprint.EMPTY, "/logs/" + name, 0);
    }

    /** Events of {@code c} ending at the given offsets, each counted as published on its cursor as a reader does. */
    private static List<Pending> events(Cursor c, long... ends) {
        List<Pending> out = new ArrayList<>();
        for (long end : ends) {
            c.published();
            out.add(new Pending(new byte[10], new byte[0], c, end));
        }
        return out;
    }

    @Test
    void aLaterBatchAcknowledgedFirstMovesNothingUntilTheEarlierOnesAreAcknowledged() {
        Cursor f = cursor("f");
        Acker.InFlight first = acker.register(events(f, 10, 20));
        Acker.InFlight second = acker.register(events(f, 30, 40));
        Acker.InFlight third = acker.register(events(f, 50));

        acker.acked(third, 1);
        acker.acked(second, 2);
        assertThat(f.committed()).as("nothing before the first batch's acknowledgement").isZero();
        assertThat(metrics.eventsAcked.sum()).isZero();
        assertThat(acker.inFlightBatches()).isEqualTo(3);
        assertThat(acker.inFlightEvents()).isEqualTo(5);

        acker.acked(first, 2);
        assertThat(f.committed()).as("the held acknowledgements are released in publication order").isEqualTo(50);
        assertThat(metrics.eventsAcked.sum()).isEqualTo(5);
        assertThat(acker.inFlightBatches()).isZero();
        assertThat(acker.inFlightEvents()).isZero();
        assertThat(f.inFlight()).isZero();
    }

    @Test
    void releasingHeldBatchesStopsAtTheFirstOneNotFullyAcknowledged() {
        Cursor f = cursor("f");
        Acker.InFlight first = acker.register(events(f, 10));
        Acker.InFlight second = acker.register(events(f, 20, 30));
        Acker.InFlight third = acker.register(events(f, 40));
        acker.acked(third, 1);
        acker.acked(second, 1);
        acker.acked(first, 1);
        assertThat(f.committed()).as("the first batch and the acknowledged part of the second").isEqualTo(20);
        assertThat(acker.inFlightBatches()).isEqualTo(2);
        acker.acked(second, 2);
        assertThat(f.committed()).isEqualTo(40);
        assertThat(acker.inFlightBatches()).isZero();
    }

    @Test
    void aPartialAcknowledgementMovesTheOffsetOnlyOverTheAcknowledgedEvents() {
        Cursor f = cursor("f");
        Acker.InFlight batch = acker.register(events(f, 10, 20, 30, 40));
        acker.acked(batch, 1);
        assertThat(f.committed()).isEqualTo(10);
        acker.acked(batch, 3);
        assertThat(f.committed()).isEqualTo(30);
        assertThat(acker.inFlightBatches()).isEqualTo(1);
        assertThat(acker.inFlightEvents()).isEqualTo(1);
        assertThat(f.inFlight()).isEqualTo(1);
        assertThat(metrics.eventsAcked.sum()).isEqualTo(3);
        acker.acked(batch, 4);
        assertThat(f.committed()).isEqualTo(40);
        assertThat(acker.inFlightBatches()).isZero();
        assertThat(metrics.eventsAcked.sum()).isEqualTo(4);
    }

    @Test
    void aSmallerOrRepeatedCountAfterALargerOneChangesNothing() {
        Cursor f = cursor("f");
        Acker.InFlight batch = acker.register(events(f, 10, 20, 30));
        acker.acked(batch, 2);
        acker.acked(batch, 1);
        acker.acked(batch, 2);
        assertThat(f.committed()).isEqualTo(20);
        assertThat(f.inFlight()).as("each event acknowledged once").isEqualTo(1);
        assertThat(metrics.eventsAcked.sum()).isEqualTo(2);
    }

    @Test
    void aCountAboveTheBatchSizeAcknowledgesTheBatchOnce() {
        Cursor f = cursor("f");
        Acker.InFlight batch = acker.register(events(f, 10, 20));
        acker.acked(batch, 5);
        acker.acked(batch, 5);
        assertThat(f.committed()).isEqualTo(20);
        assertThat(f.inFlight()).isZero();
        assertThat(metrics.eventsAcked.sum()).isEqualTo(2);
        assertThat(acker.inFlightBatches()).isZero();
    }

    @Test
    void eachFileMovesOnlyWithItsOwnEvents() {
        Cursor a = cursor("a");
        Cursor b = cursor("b");
        List<Pending> mixed = new ArrayList<>(events(a, 100));
        mixed.addAll(events(b, 7));
        mixed.addAll(events(a, 200));
        Acker.InFlight batch = acker.register(mixed);
        acker.acked(batch, 2);
        assertThat(a.committed()).isEqualTo(100);
        assertThat(b.committed()).isEqualTo(7);
        assertThat(a.inFlight()).isEqualTo(1);
        acker.acked(batch, 3);
        assertThat(a.committed()).isEqualTo(200);
    }

    @Test
    void anAcknowledgementBeforeTheNextBatchIsRegisteredIsNotLost() {
        // the output may acknowledge a batch before publish() returns, so before the pipeline registers the next
        Cursor f = cursor("f");
        Acker.InFlight first = acker.register(events(f, 10));
        acker.acked(first, 1);
        assertThat(f.committed()).isEqualTo(10);
        Acker.InFlight second = acker.register(events(f, 20));
        assertThat(acker.inFlightBatches()).isEqualTo(1);
        acker.acked(second, 1);
        assertThat(f.committed()).isEqualTo(20);
    }

    @Test
    void acknowledgementsFromManyThreadsInAnyOrderEndAtTheLastOffsetWithEveryEventCountedOnce() throws Exception {
        Cursor f = cursor("f");
        int batches = 200;
        int size = 5;
        List<Acker.InFlight> registered = new ArrayList<>();
        long end = 0;
        for (int b = 0; b < batches; b++) {
            long[] ends = new long[size];
            for (int i = 0; i < size; i++) {
                ends[i] = ++end;
            }
            registered.add(acker.register(events(f, ends)));
        }
        List<Callable<Void>> acks = new ArrayList<>();
        for (Acker.InFlight batch : registered) {
            for (int part = 1; part <= size; part++) {
                int n = part;
                acks.add(() -> {
                    acker.acked(batch, n);
                    return null;
                });
            }
        }
        Collections.shuffle(acks, new Random(42));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> done : pool.invokeAll(acks, 30, TimeUnit.SECONDS)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.committed()).isEqualTo(end);
        assertThat(f.inFlight()).as("every event acknowledged exactly once").isZero();
        assertThat(metrics.eventsAcked.sum()).isEqualTo((long) batches * size);
        assertThat(acker.inFlightBatches()).isZero();
    }
}
