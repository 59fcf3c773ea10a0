package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.config.QueueConfig;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.output.OutBatch;
import dev.flotilla.shipper.output.Output;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Queue, batcher and acker: one thread takes up to {@code bulk_max_size} events from the queue, registers them with
 * the acker and hands them to the output, which blocks while its in-flight limit is reached. That block fills the
 * queue, and a full queue pauses the readers.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    /** A batch is cut at this size even below bulk_max_size, so very long events cannot pile up in the output. */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    private final EventQueue queue;
    private final Acker acker;
    private final Output output;
    private final Metrics metrics;
    private final int bulkMaxSize;
    private final int minEvents;
    private final long lingerNanos;
    private final Thread batcher;
    private volatile boolean running = true;

    public Pipeline(QueueConfig config, int bulkMaxSize, Output output, Metrics metrics) {
        this.queue = new EventQueue(config.events(), config.bytes());
        this.acker = new Acker(metrics);
        this.output = output;
        this.metrics = metrics;
        this.bulkMaxSize = bulkMaxSize;
        this.minEvents = Math.min(config.flushMinEvents(), bulkMaxSize);
        this.lingerNanos = config.flushTimeout().toNanos();
        this.batcher = new Thread(this::run, "pipeline-batcher");
        this.batcher.setDaemon(true);
        metrics.gauge("shipper_queue_events", "Events waiting in the queue", queue::size);
        metrics.gauge("shipper_queue_capacity", "queue.mem.events", queue::capacity);
        metrics.gauge("shipper_queue_bytes", "Bytes of encoded events waiting in the queue", queue::bytes);
        metrics.gauge("shipper_inflight_events", "Events handed to the output and not yet acknowledged", acker::inFlightEvents);
    }

    public void start() {
        batcher.start();
    }

    public EventQueue queue() {
        return queue;
    }

    public Acker acker() {
        return acker;
    }

    /** True when nothing waits in the queue and nothing is unacknowledged. */
    public boolean drained() {
        return queue.size() == 0 && acker.inFlightBatches() == 0;
    }

    private void run() {
        try {
            while (running) {
                List<Pending> events = queue.take(bulkMaxSize, minEvents, lingerNanos, MAX_BATCH_BYTES);
                if (events.isEmpty()) {
                    continue;
                }
                publish(events);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("pipeline: the output failed ({}); no more events are sent, restart the agent", e.toString(), e);
        }
    }

    private void publish(List<Pending> events) throws InterruptedException {
        List<byte[]> heads = new ArrayList<>(events.size());
        List<byte[]> suffixes = new ArrayList<>(events.size());
        for (Pending p : events) {
            heads.add(p.head());
            suffixes.add(p.suffix());
        }
        Acker.InFlight f = acker.register(events);
        output.publish(new OutBatch(heads, suffixes, cumulative -> acker.acked(f, cumulative)));
        metrics.eventsPublished.add(events.size());
        metrics.batchesPublished.increment();
    }

    /** Waits up to {@code drain} for queued and in-flight events to be acknowledged, then stops the batcher and the output. */
    public void close(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        while (!drained() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        queue.close();
        batcher.interrupt();
        try {
            batcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.close();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
