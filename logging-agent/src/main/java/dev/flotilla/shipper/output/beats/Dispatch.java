package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.OutBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
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
    /** Publishers waiting for room, and senders waiting with a batch ready but a full connection: seams for tests. */
    private int publishersWaiting;
    private int sendersAtLimit;

    Dispatch(int limit) {
        this.limit = limit;
    }

    /**
     * Adds a batch, blocking while {@code limit} batches are outstanding. {@code preEncoded} (may be null) are its
     * windows being encoded meanwhile; it is cancelled when the batch is not added (closed, interrupted).
     */
    void publish(OutBatch batch, Future<List<EncodedWindow>> preEncoded) throws InterruptedException {
        boolean added = false;
        lock.lockInterruptibly();
        try {
            while (!closed && outstanding.size() >= limit) {
                publishersWaiting++;
                try {
                    changed.await();
                } finally {
                    publishersWaiting--;
                }
            }
            if (closed) {
                throw new IllegalStateException("the Beats output is closed; no batch can be published any more");
            }
            PendingBatch pb = new PendingBatch(nextId++, batch, preEncoded);
            outstanding.addLast(pb);
            toSend.add(pb);
            added = true;
            counters.batchesPublished.increment();
            changed.signalAll();
        } finally {
            lock.unlock();
            if (!added && preEncoded != null) {
                preEncoded.cancel(false);
            }
        }
    }

    /**
     * Waits until {@code conn} has room for another window and a batch is waiting, then takes that batch. Returns
     * null when the connection died or the output closed. Call with the lock held.
     */
    PendingBatch next(Connection conn, int perConnection) throws InterruptedException {
        while (!closed && conn.alive() && (conn.inFlightCount() >= perConnection || toSend.isEmpty())) {
            int atLimit = toSend.isEmpty() ? 0 : 1;
            sendersAtLimit += atLimit;
            try {
                changed.await();
            } finally {
                sendersAtLimit -= atLimit;
            }
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

    /**
     * Tells listeners about new progress, batch after batch in publication order, outside the shared lock. A batch
     * leaves the outstanding list (making room for {@link #publish}) only after its listener heard its last count.
     */
    void deliver() {
        notifyLock.lock();
        try {
            List<Runnable> calls = new ArrayList<>();
            int completed;
            lock.lock();
            try {
                completed = collect(calls);
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
            if (completed > 0) {
                lock.lock();
                try {
                    for (int i = 0; i < completed; i++) {
                        outstanding.removeFirst();
                        counters.batchesAcked.increment();
                    }
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            notifyLock.unlock();
        }
    }

    /** Queues the listener calls due, in order; returns how many leading batches are now complete. */
    private int collect(List<Runnable> calls) {
        int completed = 0;
        for (PendingBatch b : outstanding) {
            if (b.acked > b.reported) {
                int value = b.acked;
                b.reported = value;
                calls.add(() -> b.batch.listener().acked(value));
            }
            if (b.reported < b.size()) {
                break;
            }
            completed++;
        }
        return completed;
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

    int limit() {
        return limit;
    }

    /** Threads blocked in {@link #publish} because {@code limit} batches are outstanding. */
    int publishersWaiting() {
        lock.lock();
        try {
            return publishersWaiting;
        } finally {
            lock.unlock();
        }
    }

    /** Senders waiting although a batch is ready to send, because their connection's windows are all in flight. */
    int sendersAtLimit() {
        lock.lock();
        try {
            return sendersAtLimit;
        } finally {
            lock.unlock();
        }
    }

    int queued() {
        return toSend.size();
    }

    int outstanding() {
        return outstanding.size();
    }
}
