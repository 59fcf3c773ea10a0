package dev.flotilla.shipper.it;

import dev.flotilla.shipper.testing.Lines;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Appends numbered lines to one file at a steady rate on its own thread, like a busy application. */
final class Writer implements AutoCloseable {
    private final Thread thread;
    private final AtomicInteger written = new AtomicInteger();
    private volatile boolean stop;

    /**
     * @param perTick lines per 10 ms tick
     * @param total   stops by itself after this many lines
     */
    Writer(Lines lines, Path file, String stream, int perTick, int total) {
        thread = new Thread(() -> {
            while (!stop && written.get() < total) {
                int from = written.get();
                int to = Math.min(total, from + perTick);
                synchronized (this) {
                    lines.append(file, stream, from, to);
                    written.set(to);
                }
                try {
                    Thread.sleep(10); // workload: the writer's pace, perTick lines every 10 ms
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "writer-" + stream);
        thread.setDaemon(true);
    }

    Writer start() {
        thread.start();
        return this;
    }

    int written() {
        return written.get();
    }

    /** Runs {@code action} between two appends (a rotation), holding the writer. */
    synchronized void pause(Runnable action) {
        action.run();
    }

    void await(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5000);
    }
}
