package dev.flotilla.shipper.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the readers and the output. Readers never block on it: they ask {@link #hasRoom()}
 * before reading a chunk and pause when it is full, so a reader can still release a deleted file while the output
 * is down. The bound is therefore soft by at most one chunk per reader thread.
 */
public final class EventQueue {
    private final int capacity;
    private final ArrayDeque<Pending> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private volatile int size;
    private volatile boolean closed;

    public EventQueue(int capacity) {
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean hasRoom() {
        return size < capacity;
    }

    public void addAll(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            items.addAll(batch);
            size = items.size();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code max} events: waits until at least {@code min} are there, or {@code linger} has passed since
     * the first one arrived. Returns an empty list only when closed.
     */
    public List<Pending> take(int max, int min, long lingerNanos) throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    return List.of();
                }
                notEmpty.await(100, TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + lingerNanos;
            while (items.size() < min && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                notEmpty.awaitNanos(left);
            }
            int n = Math.min(max, items.size());
            List<Pending> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(items.pollFirst());
            }
            size = items.size();
            return out;
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
