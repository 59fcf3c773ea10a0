package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.OutBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state the output's threads share: batches published and not yet fully acknowledged (in publication order),
 * the ones waiting for a connection (oldest first, so a resent batch goes before newer ones), and the order in
 * which listeners hear about progress. One lock guards it all, connections' in-flight windows included.
 */
final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final Counters counters = new Counters();
    private final ReentrantLock notifyLock = new ReentrantLock();
    private final ArrayDeque<PendingBatch> outstanding = new ArrayDeque<>();
    private final PriorityQueue<PendingBatch> toSend = new PriorityQueue<>(Comparator.comparingLong(b -> b.id));
    private final int limit;
    private long nextId;
    private boolean closed;

    Dispatch(int limit) {
        this.limit = limit;
    }

    /** Adds a batch, blocking while {@code limit} batches are outstanding. */
    void publish(OutBatch batch) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && outstanding.size() >= limit) {
                changed.await();
            }
            if (closed) {
                throw new IllegalStateException("the Beats output is closed; no batch can be published any more");
            }
            PendingBatch pb = new PendingBatch(nextId++, batch);
            outstanding.addLast(pb);
            toSend.add(pb);
            counters.batchesPublished.increment();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code conn} has room for another window and a batch is waiting, then takes that batch. Returns
     * null when the connection died or the output closed. Call with the lock held.
     */
    PendingBatch next(Connection conn, int perConnection) throws InterruptedException {
        while (!closed && conn.alive() && (conn.inFlightCount() >= perConnection || toSend.isEmpty())) {
            changed.await();
        }
        if (closed || !conn.alive()) {
            return null;
        }
        return toSend.poll();
    }

    /** Puts batches that were in flight on a failed connection back in line. Call with the lock held. */
    void requeue(Collection<PendingBatch> batches) {
        for (PendingBatch b : batches) {
            if (!b.done() && !toSend.contains(b)) {
                toSend.add(b);
            }
        }
        changed.signalAll();
    }

    /** Tells listeners about new progress, batch after batch in publication order, outside the shared lock. */
    void deliver() {
        notifyLock.lock();
        try {
            List<Runnable> calls = new ArrayList<>();
            lock.lock();
            try {
                collect(calls);
            } finally {
                lock.unlock();
            }
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.error("beats output: an acknowledgement listener failed; delivery goes on", e);
                }
            }
        } finally {
            notifyLock.unlock();
        }
    }

    private void collect(List<Runnable> calls) {
        while (!outstanding.isEmpty()) {
            PendingBatch head = outstanding.peekFirst();
            if (head.acked > head.reported) {
                int value = head.acked;
                head.reported = value;
                calls.add(() -> head.batch.listener().acked(value));
            }
            if (head.reported < head.size()) {
                return;
            }
            outstanding.removeFirst();
            counters.batchesAcked.increment();
            changed.signalAll();
        }
    }

    /** Waits for {@code d} or until the output closes; false when closed. */
    boolean pause(Duration d) throws InterruptedException {
        lock.lock();
        try {
            long left = d.toNanos();
            while (!closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at most {@code n} batches are outstanding, or the time is up; true when reached. */
    boolean awaitOutstandingAtMost(int n, long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long left = unit.toNanos(timeout);
            while (outstanding.size() > n && left > 0) {
                left = changed.awaitNanos(left);
            }
            return outstanding.size() <= n;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the output is closing; call with the lock held. */
    boolean closedLocked() {
        return closed;
    }

    int queued() {
        return toSend.size();
    }

    int outstanding() {
        return outstanding.size();
    }
}
