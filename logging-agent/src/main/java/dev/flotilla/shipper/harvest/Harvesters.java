package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.discovery.Containers;
import dev.flotilla.shipper.discovery.FileSink;
import dev.flotilla.shipper.discovery.FileStat;
import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.discovery.InputRuntime;
import dev.flotilla.shipper.event.AgentInfo;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.pipeline.EventQueue;
import dev.flotilla.shipper.registry.Cursor;
import dev.flotilla.shipper.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts, schedules and stops the readers. Discovery offers every matched file here; this decides from the registry
 * where reading starts (the acknowledged offset of a known identity, 0 for a new file or a reused inode, the end for
 * a file older than {@code ignore_older}), applies {@code harvester_limit}, and on truncation looks for the copy that
 * holds the unread tail. A few threads serve every file; a reader never blocks on the queue.
 */
public final class Harvesters implements FileSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Harvesters.class);
    private final AgentInfo agent;
    private final Registry registry;
    private final EventQueue queue;
    private final Metrics metrics;
    private final Containers containers;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Harvester> open = new ConcurrentHashMap<>();
    private final Map<String, Harvester> byPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPerInput = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Map<String, InputRuntime> inputs = new HashMap<>();
    private volatile boolean stopping;
    private volatile Runnable onClose = () -> { };

    public Harvesters(AgentInfo agent, Registry registry, EventQueue queue, Metrics metrics, Containers containers, int threads) {
        this.agent = agent;
        this.registry = registry;
        this.queue = queue;
        this.metrics = metrics;
        this.containers = containers;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "harvest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor.setRemoveOnCancelPolicy(true);
        metrics.gauge("shipper_open_files", "Files open for reading", open::size);
        metrics.gauge("shipper_registry_files", "Files the registry knows", registry::size);
        metrics.gauge("shipper_reader_tasks", "Reader steps waiting to run (about one per open file)", () -> executor.getQueue().size());
        metrics.fileLag(this::lag);
    }

    /** Called when a reader closes, so discovery can offer files that waited for harvester_limit. */
    public void onClose(Runnable r) {
        this.onClose = r;
    }

    AgentInfo agent() {
        return agent;
    }

    EventQueue queue() {
        return queue;
    }

    Metrics metrics() {
        return metrics;
    }

    public int openFiles() {
        return open.size();
    }


    void pathChanged(Harvester h, String oldPath, String newPath) {
        byPath.remove(oldPath, h);
        byPath.put(newPath, h);
    }

    @Override
    public synchronized void offer(InputRuntime input, FileStat stat) {
        if (stopping || !stat.regularFile()) {
            return;
        }
        inputs.putIfAbsent(input.id(), input);
        Harvester running = open.get(stat.key());
        if (running != null) {
            boolean renamed = running.path().equals(stat.path().toString()) || running.sameContentAt(stat.path());
            if (running.mode() == Harvester.Mode.FOLLOW && running.input() == input && renamed) {
                running.seenAt(stat.path().toString());
            }
            // not renamed: a new file took the inode of a removed one whose reader still runs; it is picked up at a
            // scan after that reader has finished (its cursor keeps the old path, so the new file starts at 0)
            return;
        }
        Cursor known = registry.get(stat.key());
        if (known != null && stat.size() == known.readOffset() && stat.path().toString().equals(known.path())
                && known.fingerprint().matches(stat.path())) {
            return; // read to its end already; a new file under the same name and inode fails the fingerprint
        }
        if (atLimit(input)) {
            return;
        }
        try {
            start(input, stat, known);
        } catch (IOException e) {
            warnOnce(stat.path().toString(), "cannot open " + stat.path() + " (" + e.getMessage() + "); will retry at the next scan");
        }
    }

    private boolean atLimit(InputRuntime input) {
        int limit = input.config().harvesterLimit();
        return limit > 0 && counter(input).get() >= limit;
    }

    private AtomicInteger counter(InputRuntime input) {
        return openPerInput.computeIfAbsent(input.id(), k -> new AtomicInteger());
    }

    private void start(InputRuntime input, FileStat stat, Cursor known) throws IOException {
        FileChannel ch = FileChannel.open(stat.path(), StandardOpenOption.READ);
        boolean started = false;
        try {
            FileStat again = FileStat.of(stat.path());
            if (again == null || !again.key().equals(stat.key())) {
                return;
            }
            Placement p = Placement.decide(input, again, known, ch, registry);
            if (p.drainFrom() >= 0) {
                drainCopy(input, Path.of(p.oldPath()).getParent(), stat.key(), p.oldFingerprint(), p.drainFrom());
            }
            if (p.skipToEnd()) {
                Cursor c = new Cursor(stat.key(), input.id(), Fingerprint.of(ch), stat.path().toString(), again.size());
                registry.put(c);
                log.info("harvest: {} is older than ignore_older; only lines written from now on are shipped", stat.path());
                return;
            }
            Cursor cursor = p.cursor();
            if (cursor != known) {
                registry.put(cursor);
            }
            cursor.path(stat.path().toString());
            launch(new Harvester(this, input, Harvester.Mode.FOLLOW, ch, cursor, stat.path().toString(), p.start(),
                    containers.of(input.containerFolder(stat.path()))));
            started = true;
        } finally {
            if (!started) {
                ch.close();
            }
        }
    }

    private void launch(Harvester h) {
        Harvester prev = open.putIfAbsent(h.cursor().key(), h);
        if (prev != null) {
            h.close("already being read");
            return;
        }
        byPath.put(h.path(), h);
        counter(h.input()).incrementAndGet();
        metrics.filesOpened.increment();
        log.debug("harvest: reading {} from offset {}", h.path(), h.cursor().readOffset());
        schedule(h, 0);
    }

    private void schedule(Harvester h, long delayMs) {
        if (stopping) {
            return;
        }
        try {
            if (delayMs == 0) {
                executor.execute(() -> run(h));
                return;
            }
            long gen = h.nextParkGeneration();
            h.parked.set(gen);
            h.parkedFuture = executor.schedule(() -> {
                if (h.parked.compareAndSet(gen, 0)) {
                    run(h);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            h.close("the agent is stopping");
        }
    }

    /**
     * Runs one step. A parked reader carries the generation of its one pending timer; whoever swaps that generation
     * for 0 (the timer, or a wake-up) owns the next step, so steps never overlap and a superseded timer does nothing.
     */
    private void run(Harvester h) {
        long next = h.step();
        if (next >= 0) {
            schedule(h, next);
        }
    }

    /**
     * Discovery heard that {@code path} was modified: wakes its reader if it is waiting. Returns true when a reader
     * has the path open (discovery then has nothing more to do).
     */
    public boolean wake(String path) {
        Harvester h = byPath.get(path);
        if (h == null) {
            return false;
        }
        long gen = h.parked.get();
        if (gen != 0 && h.parked.compareAndSet(gen, 0)) {
            java.util.concurrent.ScheduledFuture<?> timer = h.parkedFuture;
            if (timer != null) {
                timer.cancel(false);
            }
            try {
                executor.execute(() -> run(h));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                h.close("the agent is stopping");
            }
        }
        return true;
    }

    /**
     * A reader found its file shorter than its offset. Looks for the copy that holds the bytes from the acknowledged
     * offset on (lines in flight are sent again: duplicates rather than a loss if the agent dies now) and reads it,
     * then gives the reader a fresh cursor at 0 for the new content.
     */
    Cursor truncated(Harvester h, Cursor old) {
        Path folder = Path.of(h.path()).getParent();
        synchronized (this) {
            drainCopy(h.input(), folder, old.key(), old.fingerprint(), old.committed());
            Cursor fresh = new Cursor(old.key(), old.inputId(), Fingerprint.EMPTY, h.path(), 0);
            registry.put(fresh);
            return fresh;
        }
    }

    private void drainCopy(InputRuntime input, Path folder, String key, Fingerprint fp, long from) {
        FileStat copy = CopyFinder.copyOf(folder, key, fp, from + 1);
        if (copy == null) {
            log.info("harvest: no copy of the old content of {} found in {}; nothing more to recover", key, folder);
            return;
        }
        if (registry.get(copy.key()) != null || open.containsKey(copy.key())) {
            log.info("harvest: the copy {} is already being read", copy.path());
            return;
        }
        try {
            FileChannel ch = FileChannel.open(copy.path(), StandardOpenOption.READ);
            Cursor c = new Cursor(copy.key(), input.id(), fp, copy.path().toString(), from);
            registry.put(c);
            metrics.copiesDrained.increment();
            log.info("harvest: reading the unread tail of the truncated file from its copy {} (offset {} to {})", copy.path(), from, copy.size());
            launch(new Harvester(this, input, Harvester.Mode.DRAIN, ch, c, copy.path().toString(), from,
                    containers.of(input.containerFolder(copy.path()))));
        } catch (IOException e) {
            warnOnce(copy.path().toString(), "cannot open the copy " + copy.path() + " (" + e.getMessage() + ")");
        }
    }

    void closed(Harvester h) {
        if (!open.remove(h.cursor().key(), h)) {
            return;
        }
        byPath.remove(h.path(), h);
        counter(h.input()).decrementAndGet();
        metrics.filesClosed.increment();
        onClose.run();
    }

    /** Forgets registry entries of files that no longer exist and have nothing in flight (clean_removed). */
    public synchronized void sweep() {
        for (Cursor c : registry.cursors()) {
            if (open.containsKey(c.key()) || c.inFlight() > 0) {
                continue;
            }
            FileStat st = FileStat.quietly(Path.of(c.path()));
            if (st != null && st.key().equals(c.key())) {
                continue;
            }
            Path moved = CopyFinder.byKey(Path.of(c.path()).getParent(), c.key());
            if (moved != null && c.fingerprint().matches(moved)) {
                c.path(moved.toString());
                continue;
            }
            registry.remove(c);
            log.debug("harvest: forgot {} (the file is gone)", c.path());
        }
    }

    /**
     * At start: files the registry knows that are not where their input would find them (rotated away, or copies
     * being drained when the agent stopped) are read to their end.
     */
    public synchronized void resumeOrphans(Map<String, InputRuntime> byId) {
        for (Cursor c : registry.cursors()) {
            InputRuntime input = byId.get(c.inputId());
            if (input == null || open.containsKey(c.key())) {
                continue;
            }
            FileStat st = FileStat.quietly(Path.of(c.path()));
            Path at = st != null && st.key().equals(c.key()) ? st.path() : CopyFinder.byKey(Path.of(c.path()).getParent(), c.key());
            FileStat now = at == null ? null : FileStat.quietly(at);
            if (now == null || input.matches(at) || now.size() <= c.committed()) {
                continue;
            }
            resume(input, c, now);
        }
    }

    private void resume(InputRuntime input, Cursor c, FileStat st) {
        try {
            FileChannel ch = FileChannel.open(st.path(), StandardOpenOption.READ);
            if (!c.fingerprint().matches(ch)) {
                ch.close();
                return;
            }
            c.path(st.path().toString());
            log.info("harvest: reading {} (rotated away while the agent was stopped) from offset {}", st.path(), c.committed());
            launch(new Harvester(this, input, Harvester.Mode.DRAIN, ch, c, st.path().toString(), c.committed(),
                    containers.of(input.containerFolder(st.path()))));
        } catch (IOException e) {
            warnOnce(st.path().toString(), "cannot open " + st.path() + " (" + e.getMessage() + ")");
        }
    }

    void warnOnce(String key, String message) {
        if (warned.add(key + "|" + message)) {
            log.warn("harvest: {}", message);
        }
    }

    private Map<String, Long> lag() {
        Map<String, Long> m = new HashMap<>();
        for (Harvester h : open.values()) {
            m.merge(h.path(), h.lag(), Long::sum);
        }
        return m;
    }

    @Override
    public void close() {
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        for (Harvester h : open.values()) {
            h.close("the agent is stopping");
        }
    }
}
