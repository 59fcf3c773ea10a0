package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.config.InputConfig;
import dev.flotilla.shipper.discovery.Containers;
import dev.flotilla.shipper.discovery.FileStat;
import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.discovery.InputRuntime;
import dev.flotilla.shipper.event.EventTemplate;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.multiline.LineFlags;
import dev.flotilla.shipper.multiline.LineSink;
import dev.flotilla.shipper.multiline.Multiline;
import dev.flotilla.shipper.pipeline.Pending;
import dev.flotilla.shipper.registry.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads one open file from its offset: lines, then multiline, then encoded events into the queue. Each
 * {@link #step()} reads at most one chunk and says when to run again. It follows the file through renames (by its
 * open descriptor), reads a rotated or removed file to its end and then closes it, notices truncation, and releases
 * a removed file after {@code close.removed_after} even when the queue is full. It never writes the registry.
 */
final class Harvester {
    enum Mode { FOLLOW, DRAIN }

    private static final Logger log = LoggerFactory.getLogger(Harvester.class);
    /**
     * Readers are woken through inotify when their file is written; at the end of a file they poll only as a safety
     * net (files whose folder cannot be watched), from every 250 ms for a just-active file to every second.
     */
    static final long MIN_BACKOFF_MS = 250;
    static final long MAX_BACKOFF_MS = 1000;
    private static final long MIN_TIMER_MS = 10;
    static final long PAUSE_MS = 25;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long GONE_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long GONE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Harvesters owner;
    private final InputRuntime input;
    private final InputConfig cfg;
    private final Mode mode;
    private final FileChannel channel;
    private final Containers.Holder container;
    private final LineSplitter splitter;
    private final Multiline multiline;
    private final List<Pending> out = new ArrayList<>();
    private volatile Cursor cursor;
    private volatile String path;
    private EventTemplate template;
    private int templateVersion;
    private String templatePath;
    private ReaderScratch scratch;
    private long emittedEnd;
    private volatile long lastSize;
    private long lastGrowthNanos;
    private long lastCheckNanos;
    private long goneSinceNanos;
    private long lastGoneListNanos;
    private volatile Gone gone;
    private long backoffMs = MIN_BACKOFF_MS;
    private volatile boolean closed;
    /** While the reader waits for its next step: the generation of its timer (0 when not waiting). */
    final java.util.concurrent.atomic.AtomicLong parked = new java.util.concurrent.atomic.AtomicLong();
    volatile java.util.concurrent.ScheduledFuture<?> parkedFuture;
    private long parkGenerations;

    private enum Gone { RENAMED, REMOVED }

    Harvester(Harvesters owner, InputRuntime input, Mode mode, FileChannel channel, Cursor cursor, String path,
              long start, Containers.Holder container) {
        this.owner = owner;
        this.input = input;
        this.cfg = input.config();
        this.mode = mode;
        this.channel = channel;
        this.cursor = cursor;
        this.path = path;
        this.container = container;
        this.emittedEnd = start;
        this.lastSize = start;
        LineSink events = this::emit;
        this.multiline = cfg.multiline() == null ? null : new Multiline(cfg.multiline(), cfg.messageMaxBytes(), events);
        this.splitter = new LineSplitter(cfg.messageMaxBytes(), start, multiline != null ? multiline : this::single);
        this.lastGrowthNanos = System.nanoTime();
        this.lastCheckNanos = lastGrowthNanos;
        rebuildTemplate();
        cursor.readOffset(start);
    }

    Cursor cursor() {
        return cursor;
    }

    /** Called only by the thread that just ran a step. */
    long nextParkGeneration() {
        return ++parkGenerations;
    }

    String path() {
        return path;
    }

    InputRuntime input() {
        return input;
    }

    Mode mode() {
        return mode;
    }

    boolean closed() {
        return closed;
    }

    /** Bytes in the file not yet acknowledged. */
    long lag() {
        return Math.max(0, lastSize - cursor.committed());
    }

    /** Whether the file at {@code p} starts with the bytes this reader's file started with (not merely its inode). */
    boolean sameContentAt(Path p) {
        return cursor.fingerprint().matches(p);
    }

    /** Discovery saw this file (same identity) at {@code p}: it is matched there, whatever its old name. */
    void seenAt(String p) {
        if (!p.equals(path)) {
            String old = path;
            path = p;
            cursor.path(p);
            owner.pathChanged(this, old, p);
        }
        gone = null;
    }

    /** Runs one step; returns the delay in ms before the next, or -1 once the file is closed. */
    long step() {
        if (closed) {
            return -1;
        }
        long now = System.nanoTime();
        scratch = ReaderScratch.current();
        try {
            return stepAt(now);
        } catch (IOException e) {
            owner.metrics().readErrors.increment();
            owner.warnOnce(path, "cannot read " + path + " (" + e.getMessage() + "); retrying");
            if (!channel.isOpen()) {
                close("the file could not be read");
                return -1;
            }
            return MAX_BACKOFF_MS;
        } catch (RuntimeException e) {
            owner.metrics().readErrors.increment();
            log.error("harvest: reading {} failed ({}); the file is closed and picked up again at the next scan", path, e.toString(), e);
            close("an unexpected error");
            return -1;
        } finally {
            flushOut();
            scratch = null;
        }
    }

    private long stepAt(long now) throws IOException {
        if (now - lastCheckNanos >= CHECK_NANOS) {
            lastCheckNanos = now;
            checkPath(now);
            lastSize = channel.size();
            if (mode == Mode.FOLLOW && !cursor.fingerprint().matches(channel)) {
                truncated(lastSize);
                return 0;
            }
            if (container.version() != templateVersion || !path.equals(templatePath)) {
                rebuildTemplate();
            }
        }
        if (gone == Gone.REMOVED && now - goneSinceNanos >= cfg.closeRemovedAfter().toNanos()) {
            return lastSize > splitter.position() ? releaseRemoved() : finish("removed and read to its end");
        }
        if (!owner.queue().hasRoom()) {
            owner.metrics().readerPauses.increment();
            return PAUSE_MS;
        }
        int n = readChunk();
        if (n == ReaderScratch.CHUNK) {
            lastGrowthNanos = now;
            backoffMs = MIN_BACKOFF_MS;
            return 0;
        }
        if (n > 0) {
            lastGrowthNanos = now;
            backoffMs = MIN_BACKOFF_MS;
            growFingerprint(splitter.position());
            return park(now);
        }
        return atEnd(now);
    }

    private int readChunk() throws IOException {
        ByteBuffer buf = scratch.buffer;
        buf.clear();
        int n = channel.read(buf, splitter.position());
        if (n <= 0) {
            return 0;
        }
        owner.metrics().bytesRead.add(n);
        splitter.feed(buf.array(), 0, n);
        lastSize = Math.max(lastSize, splitter.position());
        return n;
    }

    private long atEnd(long now) throws IOException {
        long size = channel.size();
        lastSize = size;
        if (size < splitter.position()) {
            truncated(size);
            return 0;
        }
        if (size > splitter.position()) {
            return 0;
        }
        growFingerprint(size);
        long idle = now - lastGrowthNanos;
        if (multiline != null) {
            multiline.pollTimeout(now);
        }
        long partialAfter = cfg.partialLineAfter().toNanos();
        if (splitter.hasPartial() && partialAfter > 0 && idle >= partialAfter) {
            splitter.flushPartial();
        }
        if ((mode == Mode.DRAIN || gone != null) && idle >= GONE_GRACE_NANOS) {
            return finish(mode == Mode.DRAIN ? "copy read to its end" : gone == Gone.RENAMED ? "rotated away and read to its end" : "removed and read to its end");
        }
        if (idle >= cfg.closeInactive().toNanos()) {
            close("inactive for " + cfg.closeInactive().toSeconds() + "s");
            return -1;
        }
        return park(now);
    }

    /** The wait before the next step: the poll back-off, or sooner when a timeout is due. */
    private long park(long now) {
        long wait = backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        return Math.max(MIN_TIMER_MS, Math.min(wait, nextTimerMs(now, cfg.partialLineAfter().toNanos())));
    }

    /** Milliseconds until the earliest pending timeout (multiline, partial line, end of a rotated file). */
    private long nextTimerMs(long now, long partialAfter) {
        long next = Long.MAX_VALUE;
        if (multiline != null && multiline.hasPending()) {
            next = Math.min(next, multiline.deadlineNanos() - now);
        }
        if (splitter.hasPartial() && partialAfter > 0) {
            next = Math.min(next, lastGrowthNanos + partialAfter - now);
        }
        if (mode == Mode.DRAIN || gone != null) {
            next = Math.min(next, lastGrowthNanos + GONE_GRACE_NANOS - now);
        }
        return next == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(next) + 1;
    }

    /** The file will not grow any more: ship the held partial line and joined lines, then close. */
    private long finish(String reason) {
        splitter.flushPartial();
        if (multiline != null) {
            multiline.flush();
        }
        close(reason);
        return -1;
    }

    private long releaseRemoved() {
        long unread = lastSize - splitter.position();
        owner.metrics().removedUnreadBytes.add(unread);
        log.warn("harvest: released removed file {} with {} unread bytes after close.removed_after={}s (the output did not take"
                + " them in time)", path, unread, cfg.closeRemovedAfter().toSeconds());
        close("removed, released after close.removed_after");
        return -1;
    }

    private void checkPath(long now) {
        if (mode == Mode.DRAIN) {
            return;
        }
        FileStat st = FileStat.quietly(Path.of(path));
        if (st != null && st.key().equals(cursor.key())) {
            if (input.matches(Path.of(path))) {
                gone = null;
            } else {
                markGone(Gone.RENAMED, now);
            }
            return;
        }
        if (gone == Gone.REMOVED && now - lastGoneListNanos < GONE_RECHECK_NANOS) {
            return;
        }
        lastGoneListNanos = now;
        Path moved = CopyFinder.byKey(Path.of(path).getParent(), cursor.key());
        if (moved != null && !sameContentAt(moved)) {
            moved = null; // a new file reusing the removed file's inode: not this reader's file
        }
        if (moved != null) {
            seenAt(moved.toString());
            rebuildTemplate();
            if (!input.matches(moved)) {
                markGone(Gone.RENAMED, now);
            }
        } else {
            markGone(Gone.REMOVED, now);
        }
    }

    private void markGone(Gone g, long now) {
        if (gone != g) {
            gone = g;
            goneSinceNanos = now;
            log.debug("harvest: {} {}", path, g == Gone.RENAMED ? "was rotated away; reading it to its end" : "was removed; reading it to its end");
        }
    }

    private void truncated(long size) throws IOException {
        flushOut();
        log.info("harvest: {} was truncated or rewritten (now {} bytes, read offset {}; copytruncate?); reading it again from 0",
                path, size, splitter.position());
        owner.metrics().fileTruncations.increment();
        cursor = owner.truncated(this, cursor);
        splitter.reset(0);
        if (multiline != null) {
            multiline.clear();
        }
        emittedEnd = 0;
        lastSize = size;
    }

    private void growFingerprint(long size) throws IOException {
        Fingerprint fp = cursor.fingerprint();
        if (fp.length() < Fingerprint.MAX_LENGTH && size >= Math.min(Fingerprint.MAX_LENGTH, 2L * fp.length() + 64)) {
            Fingerprint longer = Fingerprint.of(channel);
            if (longer != null) {
                cursor.fingerprint(longer);
            }
        }
    }

    private void rebuildTemplate() {
        templateVersion = container.version();
        templatePath = path;
        template = EventTemplate.of(owner.agent(), cfg, path, container.info());
    }

    private void single(byte[] b, int off, int len, long start, long end, int flags) {
        if (len == 0 && flags == 0) {
            emittedEnd = end;
            return;
        }
        emit(b, off, len, start, end, flags);
    }

    private void emit(byte[] b, int off, int len, long start, long end, int flags) {
        byte[] head = scratch.encoder.encodeHead(template, b, off, len, start, flags, System.currentTimeMillis());
        Metrics m = owner.metrics();
        int bad = scratch.encoder.replacedInLast();
        if (bad > 0) {
            m.invalidUtf8.add(bad);
        }
        if ((flags & LineFlags.TRUNCATED) != 0) {
            m.linesTruncated.increment();
        }
        if ((flags & LineFlags.PARTIAL) != 0) {
            m.partialLines.increment();
        }
        if ((flags & LineFlags.MULTILINE) != 0) {
            m.multilineEvents.increment();
        }
        cursor.published();
        out.add(new Pending(head, template.suffix(), cursor, end));
        emittedEnd = end;
    }

    private void flushOut() {
        if (!out.isEmpty()) {
            owner.metrics().eventsRead.add(out.size());
            owner.queue().addAll(new ArrayList<>(out));
            out.clear();
        }
        cursor.readOffset(emittedEnd);
    }

    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        cursor.readOffset(emittedEnd);
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("harvest: closing {}: {}", path, e.toString());
        }
        log.debug("harvest: closed {} ({})", path, reason);
        owner.closed(this);
    }
}
