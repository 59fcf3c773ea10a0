package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.shipper.output.OutBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Batches are encoded on the {@link EncodePool}, several at once and ahead of their turn, but what goes on the wire
 * must not change: windows in publication order, numbered 1..n, a failed or timed-out batch resent whole, ACKs
 * applied in order, and no event lost, duplicated (outside a resend) or reordered. Real sockets on loopback against
 * scripted servers; pipelining 4 so that up to four batches are outstanding and the pool has work for every thread.
 */
class ParallelEncodingTest {
    private static final String PATH = "/logs/c1/app.log";

    private static BeatsOutput output(FakeBeatsServer server, Duration timeout, int pipelining, int bulk) {
        return new BeatsOutput(BeatsOutputConfig.builder(BeatsOutputConfig.parseHosts(List.of(server.address())))
                .timeout(timeout).pipelining(pipelining).bulkMaxSize(bulk).compressionLevel(3)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()).start();
    }

    private static long offsetOf(Frame.Json j) {
        String s = j.text();
        int i = s.indexOf("\"offset\":") + 9;
        return Long.parseLong(s.substring(i, s.indexOf('}', i)));
    }

    private static String pathOf(Frame.Json j) {
        String s = j.text();
        int i = s.indexOf("\"path\":\"") + 8;
        return s.substring(i, s.indexOf('"', i));
    }

    /** Offsets of every event received on {@code connection} (0 = all connections), in arrival order. */
    private static List<Long> offsets(FakeBeatsServer server, int connection) {
        List<Long> out = new ArrayList<>();
        for (FakeBeatsServer.Received w : server.windows()) {
            if (connection == 0 || w.connection() == connection) {
                w.events().forEach(e -> out.add(offsetOf(e)));
            }
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void manyBatchesOfMixedSizesArriveInPublicationOrderWithEveryEventOnce() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                if (w.size() > 1 && ThreadLocalRandom.current().nextBoolean()) {
                    peer.ack(w.size() / 2);
                }
                peer.ack(w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofSeconds(10), 4, 64)) {
            TestBatches batches = new TestBatches();
            Random sizes = new Random(7);
            long offset = 0;
            List<Integer> windowSizes = new ArrayList<>();
            for (int b = 0; b < 300; b++) {
                int size = 1 + sizes.nextInt(200);
                out.publish(sameFileBatch(batches, offset, size));
                for (int left = size; left > 0; left -= 64) {
                    windowSizes.add(Math.min(64, left));
                }
                offset += size;
            }
            assertThat(out.awaitAllAcked(60, TimeUnit.SECONDS)).isTrue();
            assertThat(offsets(server, 0)).as("every event once, in publication order").isEqualTo(range(0, offset));
            assertThat(server.windows()).extracting(w -> w.events().size())
                    .as("batches over bulk_max_size split into windows in order").isEqualTo(windowSizes);
            assertThat(server.windows()).allMatch(FakeBeatsServer.Received::compressed);
            assertThat(server.problems()).as("no empty window, no gap in 1..n").isEmpty();
            assertThat(batches.violations()).as("ACKs heard increasing, batches completed in order").isEmpty();
            assertThat(batches.eventsAcked()).isEqualTo((int) offset);
            BeatsStats s = out.stats();
            assertThat(s.eventsResent()).isZero();
            assertThat(s.eventsAcked()).isEqualTo(offset);
        }
    }

    @Test
    void aTimedOutBatchIsResentWholeOnANewConnectionBeforeTheBatchesEncodedAfterIt() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            int windows = 0;
            while ((w = peer.readWindow()) != null) {
                if (peer.number() > 1 || ++windows <= 3) {
                    peer.ack(w.size());
                }
            }
        }); BeatsOutput out = output(server, Duration.ofMillis(500), 4, 2048)) {
            TestBatches batches = new TestBatches();
            for (int b = 0; b < 12; b++) {
                out.publish(sameFileBatch(batches, b * 50L, 50));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            BeatsStats s = out.stats();
            assertThat(s.timeouts()).isEqualTo(1);
            assertThat(offsets(server, 1).subList(0, 150)).isEqualTo(range(0, 150));
            assertThat(offsets(server, 2)).as("from the first unacknowledged batch, whole, in order, to the end")
                    .isEqualTo(range(150, 600));
            assertThat(server.windows().stream().filter(w -> w.connection() == 2).findFirst().orElseThrow().events())
                    .as("the resent window is the whole 4th batch, numbered from 1").hasSize(50)
                    .extracting(Frame.Json::seq).isEqualTo(range(1, 51).stream().map(Long::intValue).toList());
            assertThat(s.eventsResent()).as("the batches that were in flight on the silent connection")
                    .isEqualTo(offsets(server, 1).size() - 150L);
            assertThat(server.problems()).isEmpty();
            assertThat(batches.violations()).isEmpty();
        }
    }

    @Test
    void aBatchWhoseConnectionFailsMidWayIsResentWholeAndLaterOnesFollowInOrder() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            int windows = 0;
            while ((w = peer.readWindow()) != null) {
                if (peer.number() == 1 && ++windows == 5) {
                    peer.close();
                    return;
                }
                peer.ack(w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofSeconds(10), 4, 2048)) {
            TestBatches batches = new TestBatches();
            for (int b = 0; b < 20; b++) {
                out.publish(sameFileBatch(batches, b * 40L, 40));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            List<Long> first = offsets(server, 1);
            assertThat(first).isEqualTo(range(0, first.size()));
            assertThat(first.size()).isGreaterThanOrEqualTo(200);
            assertThat(offsets(server, 2)).as("batch 5 again, whole, then the rest in order").isEqualTo(range(160, 800));
            assertThat(out.stats().connectionFailures()).isEqualTo(1);
            assertThat(server.problems()).isEmpty();
            assertThat(batches.violations()).isEmpty();
            assertThat(batches.eventsAcked()).isEqualTo(800);
        }
    }

    @Test
    void concurrentPublishersKeepTheirOwnOrderAndLoseNothing() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                peer.ack(w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofSeconds(10), 4, 100)) {
            int publishers = 3;
            List<TestBatches> perPublisherBatches = new ArrayList<>();
            int perPublisher = 60;
            int size = 150;
            AtomicInteger failures = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                String path = "/logs/c" + p + "/app.log";
                TestBatches batches = new TestBatches();
                perPublisherBatches.add(batches);
                Thread t = new Thread(() -> {
                    try {
                        for (int b = 0; b < perPublisher; b++) {
                            out.publish(batches.batch(path, b, size));
                        }
                    } catch (InterruptedException | RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }, "publisher-" + p);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(failures.get()).isZero();
            assertThat(out.awaitAllAcked(60, TimeUnit.SECONDS)).isTrue();
            for (int p = 0; p < publishers; p++) {
                String path = "/logs/c" + p + "/app.log";
                List<Long> got = new ArrayList<>();
                server.windows().forEach(w -> w.events().stream().filter(e -> pathOf(e).equals(path))
                        .forEach(e -> got.add(offsetOf(e))));
                assertThat(got).as(path).isEqualTo(range(0, (long) perPublisher * size));
            }
            for (TestBatches batches : perPublisherBatches) {
                assertThat(batches.eventsAcked()).isEqualTo(perPublisher * size);
                assertThat(batches.violations()).as("each publisher's batches complete in its order").isEmpty();
            }
            assertThat(server.problems()).isEmpty();
            assertThat(out.stats().eventsResent()).isZero();
        }
    }

    @Test
    void thePoolMakesTheSameBytesAsOneEncoderAndResendsEncodeWhatIsLeft() throws Exception {
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(TestBatches.event(PATH, i));
        }
        OutBatch batch = new OutBatch(events, n -> { });
        try (BatchEncoder one = new BatchEncoder(3)) {
            EncodePool pool = new EncodePool(2, 3, 100, Thread::new);
            try (Resender resender = new Resender(3)) {
                List<java.util.concurrent.Future<List<EncodedWindow>>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(batch));
                }
                for (var f : futures) {
                    List<EncodedWindow> ws = f.get(10, TimeUnit.SECONDS);
                    assertThat(ws).extracting(EncodedWindow::base).containsExactly(0, 100, 200);
                    assertThat(ws).extracting(EncodedWindow::count).containsExactly(100, 100, 50);
                    for (EncodedWindow w : ws) {
                        assertThat(w.bytes()).isEqualTo(EncodePool.encodeWindow(one, batch, w.base(), w.count()));
                    }
                }
                List<EncodedWindow> ready = futures.get(0).get();
                PendingBatch pb = new PendingBatch(0, batch, null);
                assertThat(resender.bytesFor(new InFlight(pb, 100, 100), ready)).isSameAs(ready.get(1).bytes());
                assertThat(resender.bytesFor(new InFlight(pb, 130, 100), ready)).as("a window moved by a partial ACK")
                        .isEqualTo(EncodePool.encodeWindow(one, batch, 130, 100));
                assertThat(resender.bytesFor(new InFlight(pb, 0, 100), null))
                        .isEqualTo(ready.get(0).bytes());
            } finally {
                pool.close();
            }
            assertThatThrownBy(() -> pool.submit(batch)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void closingWhileBatchesAreBeingEncodedReturnsPromptly() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            while (peer.readWindow() != null) {
                Thread.sleep(50); // workload: a slow server that never acknowledges, so close meets batches in work
            }
        })) {
            BeatsOutput out = output(server, Duration.ofSeconds(30), 4, 2048);
            TestBatches batches = new TestBatches();
            for (int b = 0; b < 4; b++) {
                out.publish(sameFileBatch(batches, b * 2000L, 2000));
            }
            long start = System.nanoTime();
            out.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> out.publish(sameFileBatch(batches, 0, 1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThat(batches.batchesCompleted()).isZero();
        }
    }

    /** A batch of {@code size} events of one file with offsets {@code first..first+size-1}. */
    private static OutBatch sameFileBatch(TestBatches batches, long first, int size) {
        OutBatch b = batches.batch(PATH, 0, size);
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(TestBatches.event(PATH, first + i));
        }
        return new OutBatch(events, b.listener());
    }
}
