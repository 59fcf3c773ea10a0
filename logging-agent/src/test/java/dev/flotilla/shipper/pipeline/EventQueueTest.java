package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.registry.Cursor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue between the readers and the batcher: first in, first out; bounded by events and by bytes through
 * {@link EventQueue#hasRoom()}, which is how a full queue pauses the readers; batches cut by count, by bytes and by
 * the linger time; a waiting taker released by close.
 */
class EventQueueTest {
    private static final long NO_LINGER = 0;
    private static final long LONG_LINGER = TimeUnit.SECONDS.toNanos(30);
    private final Cursor cursor = new Cursor("1:f", "in", Fingerprint.EMPTY, "/logs/f", 0);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** {@code n} events of {@code bytes} bytes each, ending at offsets {@code first+1 .. first+n}. */
    private List<Pending> events(long first, int n, int bytes) {
        List<Pending> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Pending(new byte[bytes], new byte[0], cursor, first + i));
        }
        return out;
    }

    private static List<Long> ends(List<Pending> events) {
        return events.stream().map(Pending::end).toList();
    }

    @Test
    void eventsLeaveInTheOrderTheyCameAndTheCountsFollow() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        q.addAll(events(0, 3, 10));
        q.addAll(events(3, 2, 10));
        assertThat(q.size()).isEqualTo(5);
        assertThat(q.bytes()).isEqualTo(50);
        assertThat(ends(q.take(4, 1, NO_LINGER, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.bytes()).isEqualTo(10);
        assertThat(ends(q.take(4, 1, NO_LINGER, Long.MAX_VALUE))).containsExactly(5L);
        assertThat(q.size()).isZero();
        assertThat(q.bytes()).isZero();
    }

    @Test
    void theRoomIsBoundedByEventsAndByBytes() throws Exception {
        EventQueue byCount = new EventQueue(4, 1 << 20);
        byCount.addAll(events(0, 3, 10));
        assertThat(byCount.hasRoom()).isTrue();
        byCount.addAll(events(3, 1, 10));
        assertThat(byCount.hasRoom()).as("4 of 4 events").isFalse();
        byCount.take(1, 1, NO_LINGER, Long.MAX_VALUE);
        assertThat(byCount.hasRoom()).isTrue();

        EventQueue byBytes = new EventQueue(1000, 100);
        byBytes.addAll(events(0, 9, 10));
        assertThat(byBytes.hasRoom()).isTrue();
        byBytes.addAll(events(9, 1, 10));
        assertThat(byBytes.hasRoom()).as("100 of 100 bytes").isFalse();
        byBytes.take(1, 1, NO_LINGER, Long.MAX_VALUE);
        assertThat(byBytes.hasRoom()).isTrue();
    }

    @Test
    void aBatchIsCutOnceItReachesTheByteLimitButHoldsAtLeastOneEvent() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        q.addAll(events(0, 10, 100));
        assertThat(q.take(10, 1, NO_LINGER, 250)).as("100 + 100 + 100 bytes: the third reaches the limit").hasSize(3);
        assertThat(q.take(10, 1, NO_LINGER, Long.MAX_VALUE)).hasSize(7);
        q.addAll(List.of(new Pending(new byte[5000], new byte[0], cursor, 99)));
        q.addAll(events(99, 1, 100));
        assertThat(ends(q.take(10, 1, NO_LINGER, 250))).as("an event larger than the limit still leaves, alone")
                .containsExactly(99L);
        assertThat(q.size()).isEqualTo(1);
    }

    @Test
    void aBatchLeavesAsSoonAsTheMinimumIsThereWithoutWaitingOutTheLinger() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        q.addAll(events(0, 1, 10));
        Future<List<Pending>> taken = threads.submit(() -> q.take(10, 5, LONG_LINGER, Long.MAX_VALUE));
        awaitWaiting(q);
        q.addAll(events(1, 2, 10));
        q.addAll(events(3, 2, 10));
        assertThat(ends(taken.get(10, TimeUnit.SECONDS))).as("woken by the fifth event, 30 s before the linger ends")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void fewerThanTheMinimumLeaveOnceTheLingerHasPassed() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        q.addAll(events(0, 2, 10));
        long start = System.nanoTime();
        List<Pending> got = q.take(10, 5, TimeUnit.MILLISECONDS.toNanos(100), Long.MAX_VALUE);
        assertThat(ends(got)).containsExactly(1L, 2L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the linger")
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aTakerWaitsForTheFirstEventWithoutABound() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        Future<List<Pending>> taken = threads.submit(() -> q.take(10, 1, NO_LINGER, Long.MAX_VALUE));
        awaitWaiting(q);
        q.addAll(events(0, 1, 10));
        assertThat(ends(taken.get(10, TimeUnit.SECONDS))).containsExactly(1L);
    }

    @Test
    void closeReleasesAWaitingTakerWithAnEmptyBatchAfterWhatIsLeft() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        Future<List<Pending>> waiting = threads.submit(() -> q.take(10, 1, NO_LINGER, Long.MAX_VALUE));
        awaitWaiting(q);
        q.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).as("closed while empty: an empty batch, at once").isEmpty();

        EventQueue withRest = new EventQueue(100, 1 << 20);
        withRest.addAll(events(0, 2, 10));
        withRest.close();
        assertThat(ends(withRest.take(10, 5, LONG_LINGER, Long.MAX_VALUE))).as("what was queued before close, without"
                + " waiting for the minimum").containsExactly(1L, 2L);
        assertThat(withRest.take(10, 1, NO_LINGER, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aTakerWaitingForTheMinimumIsReleasedByClose() throws Exception {
        EventQueue q = new EventQueue(100, 1 << 20);
        q.addAll(events(0, 1, 10));
        Future<List<Pending>> waiting = threads.submit(() -> q.take(10, 5, LONG_LINGER, Long.MAX_VALUE));
        // the taker has the first event and waits up to 30 s for four more; close must end that wait
        awaitWaiting(q);
        q.close();
        assertThat(ends(waiting.get(10, TimeUnit.SECONDS))).containsExactly(1L);
    }

    /** Waits until a taker holds the queue's condition (it has found the first event and waits for the minimum). */
    private static void awaitWaiting(EventQueue q) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!q.hasWaitingTaker()) {
            assertThat(System.nanoTime()).as("a taker started waiting").isLessThan(deadline);
            Thread.sleep(5); // polling interval of this wait, not a wait for something by itself
        }
    }

    @Test
    void aFullQueuePausesTheProducerWhichResumesOnceEventsAreTaken() throws Exception {
        int capacity = 50;
        int chunk = 8;
        EventQueue q = new EventQueue(capacity, 1 << 20);
        AtomicLong produced = new AtomicLong();
        AtomicLong pauses = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        // a reader as the harvesters are: it never blocks on the queue, it asks for room and pauses when there is none
        Future<?> reader = threads.submit(() -> {
            while (!stop.get()) {
                if (q.hasRoom()) {
                    q.addAll(events(produced.get(), chunk, 10));
                    produced.addAndGet(chunk);
                } else {
                    pauses.incrementAndGet();
                    Thread.onSpinWait();
                }
            }
            return null;
        });
        awaitAtLeast(pauses, 1);
        long whenFull = produced.get();
        long pausesThen = pauses.get();
        awaitAtLeast(pauses, pausesThen + 1000);
        assertThat(produced.get()).as("nothing added while full, though the reader kept asking").isEqualTo(whenFull);
        assertThat(q.size()).as("the bound is soft by less than one chunk").isGreaterThanOrEqualTo(capacity)
                .isLessThan(capacity + chunk);

        List<Pending> first = q.take(20, 1, NO_LINGER, Long.MAX_VALUE);
        awaitAtLeast(produced, whenFull + 1);
        assertThat(first).hasSize(20);
        long total = 0;
        long expectedEnd = 1;
        for (Pending p : first) {
            assertThat(p.end()).isEqualTo(expectedEnd++);
        }
        total += first.size();
        stop.set(true);
        reader.get(10, TimeUnit.SECONDS);
        while (q.size() > 0) {
            for (Pending p : q.take(1000, 1, NO_LINGER, Long.MAX_VALUE)) {
                assertThat(p.end()).as("nothing lost or reordered across the pause").isEqualTo(expectedEnd++);
                total++;
            }
        }
        assertThat(total).isEqualTo(produced.get());
    }

    private static void awaitAtLeast(AtomicLong counter, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.get() < n) {
            assertThat(System.nanoTime()).as("counter reached " + n + " (at " + counter.get() + ")").isLessThan(deadline);
            Thread.sleep(1); // polling interval of this wait
        }
    }
}
