package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.config.QueueConfig;
import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.output.OutBatch;
import dev.flotilla.shipper.output.Output;
import dev.flotilla.shipper.registry.Cursor;
import dev.flotilla.shipper.testing.RecordingOutput;
import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queue, batcher and acker together with an output that stops taking batches: the queue fills, the readers' room
 * runs out, and everything resumes, in order and with every offset acknowledged, once the output takes batches
 * again. Stopping while the output is stuck does not hang.
 */
class PipelineBackPressureTest {
    private static final int CAPACITY = 64;
    private static final int BULK = 16;
    private final Metrics metrics = new Metrics();
    private final Cursor cursor = new Cursor("1:f", "in", Fingerprint.EMPTY, "/logs/f", 0);
    private long nextEnd;

    private Pipeline pipeline(Output output) {
        Pipeline p = new Pipeline(new QueueConfig(CAPACITY, 1 << 20, 1, Duration.ofMillis(1)), BULK, output, metrics);
        p.start();
        return p;
    }

    /** What a reader does: queue one chunk of events when the queue has room; false when it had none. */
    private boolean offerChunk(EventQueue q, int n) {
        if (!q.hasRoom()) {
            return false;
        }
        List<Pending> chunk = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cursor.published();
            byte[] json = ("{\"message\":\"" + (nextEnd + 1) + "\"}").getBytes(StandardCharsets.UTF_8);
            chunk.add(new Pending(json, new byte[0], cursor, ++nextEnd));
        }
        q.addAll(chunk);
        return true;
    }

    @Test
    void aBlockedOutputFillsTheQueueAndReadingResumesWhenItTakesBatchesAgain() {
        RecordingOutput output = new RecordingOutput(2);
        output.block();
        try (Pipeline p = pipeline(output)) {
            EventQueue q = p.queue();
            Await.until("the queue is full", Duration.ofSeconds(10), () -> {
                offerChunk(q, 4);
                return !q.hasRoom();
            });
            // 2 batches held by the output, a third in the blocked publish, the queue full behind them
            Await.until("the output holds its two batches", Duration.ofSeconds(10), () -> output.heldBatches() == 2);
            long read = nextEnd;
            assertThat(offerChunk(q, 4)).as("no room for the reader while the output is blocked").isFalse();
            assertThat(read).isLessThanOrEqualTo(CAPACITY + 3L * BULK + 4);
            assertThat(cursor.committed()).as("nothing acknowledged, nothing committed").isZero();

            output.unblock();
            Await.until("room again once batches leave", Duration.ofSeconds(10), q::hasRoom);
            for (int i = 0; i < 20; i++) {
                Await.until("room for chunk " + i, Duration.ofSeconds(10), () -> offerChunk(q, 4));
            }
            long last = nextEnd;
            Await.until("every event acknowledged", Duration.ofSeconds(10), () -> cursor.committed() == last);
            assertThat(cursor.inFlight()).isZero();
            assertThat(metrics.eventsAcked.sum()).isEqualTo(last);
            List<Object> messages = output.events().stream().map(e -> e.get("message")).toList();
            List<Object> expected = new ArrayList<>();
            for (long i = 1; i <= last; i++) {
                expected.add(Long.toString(i));
            }
            assertThat(messages).as("every event once, in order").isEqualTo(expected);
        }
    }

    @Test
    void closingWhileTheOutputIsStuckInPublishReturnsAndClosesTheOutput() throws Exception {
        CountDownLatch inPublish = new CountDownLatch(1);
        AtomicBoolean outputClosed = new AtomicBoolean();
        AtomicBoolean publishInterrupted = new AtomicBoolean();
        Output stuck = new Output() {
            @Override
            public void publish(OutBatch batch) throws InterruptedException {
                inPublish.countDown();
                try {
                    new CountDownLatch(1).await(); // never acknowledges: only an interrupt ends this
                } catch (InterruptedException e) {
                    publishInterrupted.set(true);
                    throw e;
                }
            }

            @Override
            public void close() {
                outputClosed.set(true);
            }
        };
        Pipeline p = pipeline(stuck);
        offerChunk(p.queue(), 8);
        assertThat(inPublish.await(10, TimeUnit.SECONDS)).as("the batcher reached publish").isTrue();
        long start = System.nanoTime();
        p.close(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the drain wait, then a prompt stop")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(publishInterrupted).as("the batcher was stopped, not left waiting in publish").isTrue();
        assertThat(outputClosed).isTrue();
        assertThat(p.drained()).as("the unacknowledged batch stays unacknowledged").isFalse();
        assertThat(cursor.committed()).isZero();
    }
}
