package dev.flotilla.shipper.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the readers and the output, by events and by bytes. Readers never block on it: they
 * ask {@link #hasRoom()} before reading a chunk and pause when it is full, so a reader can still release a deleted
 * file while the output is down. The bound is therefore soft by at most one chunk per reader thread.
 */
public final class EventQueue {
    private final int capacity;
    private final long maxBytes;
    private volatile long bytes;
    private final ArrayDeque<Pending> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private volatile int size;
    private volatile boolean closed;
    /** How many events the taker waits for; producers signal only when that many are there (fewer wake-ups). */
    private int wanted = 1;

    public EventQueue(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    public long bytes() {
        return bytes;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean hasRoom() {
        return size < capacity && bytes < maxBytes;
    }

    public void addAll(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            items.addAll(batch);
            size = items.size();
            long b = bytes;
            for (Pending p : batch) {
                b += p.size();
            }
            bytes = b;
            if (size >= wanted) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code max} events and about {@code maxBytes} bytes: waits until at least {@code min} are there, or
     * {@code linger} has passed since the first one arrived. Returns an empty list only when closed.
     */
    public List<Pending> take(int max, int min, long lingerNanos, long maxBatchBytes) throws InterruptedException {
        lock.lock();
        try {
            wanted = 1;
            while (items.isEmpty()) {
                if (closed) {
                    return List.of();
                }
                notEmpty.await(100, TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + lingerNanos;
            wanted = min;
            while (items.size() < min && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                notEmpty.awaitNanos(left);
            }
            wanted = 1;
            int n = Math.min(max, items.size());
            List<Pending> out = new ArrayList<>(n);
            long taken = 0;
            for (int i = 0; i < n && (i == 0 || taken < maxBatchBytes); i++) {
                Pending p = items.pollFirst();
                taken += p.size();
                out.add(p);
            }
            size = items.size();
            bytes -= taken;
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a taker waits in {@link #take} (for a first event or for its minimum): a seam for tests. */
    boolean hasWaitingTaker() {
        lock.lock();
        try {
            return lock.hasWaiters(notEmpty);
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
