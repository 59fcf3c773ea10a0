package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.OutBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes published batches (J frames + zlib) on a few threads of their own, ahead of and in parallel with the
 * sending thread, which then only writes the bytes. It knows nothing of connections, sequence numbers across
 * windows or ACKs: a window's bytes depend only on its events (numbered 1..n inside the window), so encoding ahead
 * cannot change what is sent or in which order; the {@link ConnectionWorker} still decides that under the dispatch
 * lock.
 */
final class EncodePool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncodePool.class);

    private final ExecutorService threads;
    private final BlockingQueue<BatchEncoder> encoders;
    private final int bulkMaxSize;

    EncodePool(int size, int level, int bulkMaxSize, ThreadFactory factory) {
        if (size < 1) {
            throw new IllegalArgumentException("an encode pool needs at least one thread, not " + size);
        }
        this.threads = Executors.newFixedThreadPool(size, factory);
        this.encoders = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            encoders.add(new BatchEncoder(level));
        }
        this.bulkMaxSize = bulkMaxSize;
    }

    /** The pool size for {@code windows} windows in flight at once: one thread each, at most one per core. */
    static int sizeFor(int windows, int cores) {
        return Math.max(1, Math.min(windows, cores));
    }

    /**
     * Starts encoding every window of {@code events} (from the first event, {@code bulk_max_size} per window).
     *
     * @throws IllegalStateException when the pool is closed
     */
    Future<List<EncodedWindow>> submit(OutBatch events) {
        try {
            return threads.submit(() -> encode(events));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the Beats output is closed; no batch can be published any more", e);
        }
    }

    private List<EncodedWindow> encode(OutBatch events) {
        BatchEncoder encoder = encoders.poll();
        if (encoder == null) {
            throw new IllegalStateException("no free encoder: more tasks ran at once than the pool has threads");
        }
        try {
            return encodeWindows(encoder, events, 0, bulkMaxSize);
        } finally {
            encoders.add(encoder);
        }
    }

    /** Encodes {@code events[from..]} as windows of at most {@code bulk} events, each with its own copy of the bytes. */
    static List<EncodedWindow> encodeWindows(BatchEncoder encoder, OutBatch events, int from, int bulk) {
        List<EncodedWindow> out = new ArrayList<>((events.size() - from + bulk - 1) / bulk);
        for (int base = from; base < events.size(); base += bulk) {
            int count = Math.min(bulk, events.size() - base);
            out.add(new EncodedWindow(base, count, encodeWindow(encoder, events, base, count)));
        }
        return out;
    }

    /** The wire bytes of the window {@code events[base, base + count)}, in an array of their own. */
    static byte[] encodeWindow(BatchEncoder encoder, OutBatch events, int base, int count) {
        encoder.encode(events.events(), events.suffixes(), base, base + count);
        byte[] bytes = new byte[encoder.length()];
        System.arraycopy(encoder.bytes(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    /** Stops the threads: a task not yet started is cancelled (its batch is then encoded by the sender if needed). */
    @Override
    public void close() {
        for (Runnable r : threads.shutdownNow()) {
            if (r instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("beats output: an encoding thread still runs 10 s after close; its encoder is not released");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        BatchEncoder e;
        while ((e = encoders.poll()) != null) {
            e.close();
        }
    }
}
