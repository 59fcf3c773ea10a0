package dev.flotilla.shipper.registry;

import dev.flotilla.shipper.discovery.Fingerprint;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state of one file: shared by the reader that attaches it to every event, the acker that moves
 * {@link #committed()} forward when the output acknowledges, and the registry that persists it. A reader never
 * writes the committed offset.
 */
public final class Cursor {
    private final String key;
    private final String inputId;
    private volatile Fingerprint fingerprint;
    private volatile String path;
    private volatile long committed;
    private volatile long readOffset;
    private volatile long updatedMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean dirty;
    private volatile boolean retired;

    public Cursor(String key, String inputId, Fingerprint fingerprint, String path, long committed) {
        this.key = key;
        this.inputId = inputId;
        this.fingerprint = fingerprint;
        this.path = path;
        this.committed = committed;
        this.readOffset = committed;
        this.updatedMillis = System.currentTimeMillis();
        this.dirty = true;
    }

    public static Cursor of(Entry e) {
        Cursor c = new Cursor(e.key(), e.inputId(), e.fingerprint(), e.path(), e.offset());
        c.updatedMillis = e.updatedMillis();
        c.dirty = false;
        return c;
    }

    public Entry entry() {
        return new Entry(key, fingerprint, inputId, path, committed, updatedMillis);
    }

    public String key() {
        return key;
    }

    public String inputId() {
        return inputId;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    public void fingerprint(Fingerprint fp) {
        if (!fp.equals(this.fingerprint)) {
            this.fingerprint = fp;
            this.dirty = true;
        }
    }

    public String path() {
        return path;
    }

    public void path(String p) {
        if (!p.equals(this.path)) {
            this.path = p;
            this.dirty = true;
        }
    }

    /** Every byte before this offset has been acknowledged. */
    public long committed() {
        return committed;
    }

    /** Where a reader opened again in this process resumes: the end of the last event it handed on. */
    public long readOffset() {
        return readOffset;
    }

    public void readOffset(long offset) {
        this.readOffset = offset;
    }

    /** An event of this file was queued. */
    public void published() {
        inFlight.incrementAndGet();
    }

    /** The output acknowledged an event of this file that ends at {@code end}. Called in order, by the acker only. */
    public void acknowledged(long end) {
        inFlight.decrementAndGet();
        if (end > committed) {
            committed = end;
            updatedMillis = System.currentTimeMillis();
            dirty = true;
        }
    }

    /** Events queued or sent but not yet acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Moves the committed offset without an acknowledgement: only for a file registered at its end (ignore_older). */
    public void skipTo(long offset) {
        committed = offset;
        readOffset = offset;
        dirty = true;
    }

    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    void markDirty() {
        dirty = true;
    }

    /** Replaced by a newer cursor for the same key (the file was truncated or its inode reused): no longer persisted. */
    public boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }

    @Override
    public String toString() {
        return path + " [" + key + " @" + committed + "]";
    }
}
