package dev.flotilla.shipper.discovery;

import dev.flotilla.shipper.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Finds the files of every input: inotify (the JDK's WatchService) on each folder a glob can match in, so new
 * container folders and files are seen within a second, and a full scan every {@code check_interval} as the safety
 * net for lost or overflowed events. Every matched file is offered to the {@link FileSink}; deciding what to do
 * with it is not discovery's job.
 */
public final class Prospector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Prospector.class);
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<InputRuntime> inputs;
    private final FileSink sink;
    private final Containers containers;
    /** Wakes the reader of a modified path; true when a reader has it open. */
    private final Predicate<String> beingRead;
    private final Runnable sweeper;
    private final Metrics metrics;
    private final WatchService watcher;
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private final Set<Path> watchedDirs = new HashSet<>();
    private final Map<Path, List<Watched>> sharingCache = new HashMap<>();
    private final Map<InputRuntime, Long> nextScan = new HashMap<>();
    private final Set<Path> missingBases = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean scanRequested;
    private long lastSweep = System.nanoTime();

    /** A watched folder: which glob it serves and how deep below the glob's base it is. */
    private record Watched(Path dir, InputRuntime input, InputRuntime.Glob glob, int level) {
    }

    public Prospector(List<InputRuntime> inputs, FileSink sink, Containers containers, Predicate<String> beingRead,
                      Runnable sweeper, Metrics metrics) throws IOException {
        this.inputs = List.copyOf(inputs);
        this.sink = sink;
        this.containers = containers;
        this.beingRead = beingRead;
        this.sweeper = sweeper;
        this.metrics = metrics;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::run, "discovery");
        this.thread.setDaemon(true);
    }

    /** Scans every input once (so the first files start before this returns), then keeps watching. */
    public void start() {
        scanAll();
        thread.start();
    }

    /** Asks for a full scan soon (a reader closed, so a file waiting for harvester_limit may start). */
    public void requestScan() {
        scanRequested = true;
    }

    private void run() {
        while (running) {
            try {
                WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    handle(key);
                }
                periodic();
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("discovery: {}; scanning again", e.toString(), e);
                scanRequested = true;
            }
        }
    }

    private void periodic() {
        long now = System.nanoTime();
        if (scanRequested) {
            scanRequested = false;
            scanAll();
            return;
        }
        for (InputRuntime in : inputs) {
            if (now >= nextScan.getOrDefault(in, 0L)) {
                scan(in);
            }
        }
        if (now - lastSweep >= SWEEP_NANOS) {
            lastSweep = now;
            sweeper.run();
        }
    }

    private void scanAll() {
        for (InputRuntime in : inputs) {
            scan(in);
        }
        containers.refresh();
    }

    private void scan(InputRuntime in) {
        nextScan.put(in, System.nanoTime() + in.config().checkInterval().toNanos());
        for (InputRuntime.Glob g : in.globs()) {
            if (!Files.isDirectory(g.base())) {
                if (missingBases.add(g.base())) {
                    log.warn("discovery: input {}: {} does not exist (yet); files will be picked up when it appears", in.id(), g.base());
                }
                continue;
            }
            if (missingBases.remove(g.base())) {
                log.info("discovery: input {}: {} now exists", in.id(), g.base());
            }
            walk(in, g, g.base(), 0);
        }
        if (in == inputs.get(inputs.size() - 1)) {
            containers.refresh();
        }
        metrics.discoveryScans.increment();
    }

    private void walk(InputRuntime in, InputRuntime.Glob g, Path dir, int level) {
        watch(dir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (level + 1 < g.depth() && Files.isDirectory(p)) {
                    walk(in, g, p, level + 1);
                } else {
                    consider(in, p);
                }
            }
        } catch (IOException e) {
            log.debug("discovery: cannot list {}: {}", dir, e.toString());
        }
    }

    private void consider(InputRuntime in, Path p) {
        if (!in.matches(p)) {
            return;
        }
        FileStat st = FileStat.quietly(p);
        if (st != null && st.regularFile()) {
            sink.offer(in, st);
        }
    }

    private void watch(Path dir) {
        if (!watchedDirs.add(dir)) {
            return;
        }
        try {
            WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            watched.put(key, dir);
        } catch (IOException e) {
            watchedDirs.remove(dir);
            log.debug("discovery: cannot watch {}: {} (the periodic scan still covers it)", dir, e.toString());
        }
    }

    private void handle(WatchKey key) {
        Path dir = watched.get(key);
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (dir == null) {
                continue;
            }
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                scanRequested = true;
                continue;
            }
            Path p = dir.resolve((Path) ev.context());
            for (Watched w : sharing(dir)) {
                event(w, p, ev.kind() == StandardWatchEventKinds.ENTRY_CREATE);
            }
        }
        if (!key.reset()) {
            watched.remove(key);
            watchedDirs.remove(dir);
            sharingCache.remove(dir);
        }
    }

    /** Every input glob that can match in {@code dir}: one folder may serve several inputs. */
    private List<Watched> sharing(Path dir) {
        return sharingCache.computeIfAbsent(dir, this::computeSharing);
    }

    private List<Watched> computeSharing(Path dir) {
        return inputs.stream().flatMap(in -> in.globs().stream()
                        .filter(g -> dir.startsWith(g.base()) && dir.getNameCount() - g.base().getNameCount() < g.depth())
                        .map(g -> new Watched(dir, in, g, dir.getNameCount() - g.base().getNameCount())))
                .toList();
    }

    private void event(Watched w, Path p, boolean created) {
        if (created && w.level() + 1 < w.glob().depth() && Files.isDirectory(p)) {
            walk(w.input(), w.glob(), p, w.level() + 1);
            containers.refresh();
            return;
        }
        if (!created && beingRead.test(p.toString())) {
            return;
        }
        consider(w.input(), p);
    }

    @Override
    public void close() {
        running = false;
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("discovery: closing the watcher: {}", e.toString());
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
