package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.Rejected;
import dev.flotilla.orchestrator.store.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: writes that arrive while entries are in flight go together into one {@link Command.Batch} log
 * entry, each getting its own result. A few sender threads each keep one entry in flight (Ratis's blocking client:
 * its ordered asynchronous client closes for good after one failure); under light load a write goes alone.
 */
public final class Proposer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Proposer.class);
    private static final int MAX_BATCH = 512;
    private static final int SENDERS = Integer.getInteger("flotilla.proposer.workers", 2);
    private static final long STATS_NANOS = Long.getLong("flotilla.proposer.statsSeconds", 60) * 1_000_000_000L;

    private record Pending(Command command, CompletableFuture<Result> result) {
    }

    private final RaftManager raft;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(16384);
    private final List<Thread> senders = new ArrayList<>();
    private final long waitMillis;
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile long statsSince = System.nanoTime();
    private volatile boolean closed;

    public Proposer(RaftManager raft, long deadlineMillis) {
        this.raft = raft;
        this.waitMillis = deadlineMillis * 2 + 2000;
    }

    /** Starts the sender threads; a write proposed before waits for them. */
    public synchronized Proposer start() {
        if (senders.isEmpty()) {
            for (int i = 0; i < SENDERS; i++) {
                Thread t = new Thread(this::run, "flotilla-proposer-" + raft.peerId() + "-" + i);
                t.setDaemon(true);
                t.start();
                senders.add(t);
            }
        }
        return this;
    }

    /** Replicates {@code command}; a rejection comes back as a failed {@link Result}, a lost quorum as Unavailable. */
    public Result propose(Command command) throws Unavailable {
        Pending p = new Pending(command, new CompletableFuture<>());
        if (closed || !queue.offer(p)) {
            throw new Unavailable(closed ? "this manager is shutting down" : "too many writes waiting on this manager",
                    true, null);
        }
        try {
            return p.result().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Unavailable u) {
                throw u;
            }
            throw new Unavailable("write failed: " + e.getCause(), true, e.getCause());
        } catch (TimeoutException e) {
            throw new Unavailable("write did not complete within " + waitMillis + "ms", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", true, e);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: proposer failed on a batch", raft.peerId(), e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
        }
    }

    private void send(List<Pending> batch) {
        commands.addAndGet(batch.size());
        entries.incrementAndGet();
        logStats();
        try {
            if (batch.size() == 1) {
                batch.get(0).result().complete(raft.submit(batch.get(0).command()));
                return;
            }
            Result r = raft.submit(new Command.Batch(batch.stream().map(Pending::command).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(i < r.items().size() ? r.items().get(i) : r);
            }
        } catch (Rejected e) {
            batch.forEach(p -> p.result().complete(e.result()));
        } catch (Unavailable e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** Every minute at most: how many writes went into how many log entries (the effect of group commit). */
    private void logStats() {
        long now = System.nanoTime();
        if (now - statsSince < STATS_NANOS) {
            return;
        }
        statsSince = now;
        long c = commands.getAndSet(0);
        long e = entries.getAndSet(0);
        LOG.info("{}: {} writes in {} log entries over the last minute (average batch {})", raft.peerId(), c, e,
                e == 0 ? "0" : String.format(Locale.ROOT, "%.1f", (double) c / e));
    }

    @Override
    public synchronized void close() {
        closed = true;
        senders.forEach(Thread::interrupt);
        Unavailable u = new Unavailable("this manager is shutting down", true, null);
        queue.forEach(p -> p.result().completeExceptionally(u));
        queue.clear();
    }
}
