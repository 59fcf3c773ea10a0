package dev.flotilla.shipper.receive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only NDJSON file with group commit: connections append lines and get a ticket; one syncer thread
 * writes whatever has accumulated and fsyncs it, then wakes everyone whose ticket is now durable. While one fsync
 * runs the next group gathers, so the number of fsyncs follows the disk's speed, not the number of windows. A
 * minimum interval between fsyncs can group more (fewer, larger syncs; acknowledgements come later).
 *
 * <p>On open, a last line without its newline (a write cut short by a crash, so never acknowledged) is cut off,
 * and said so in the log.
 */
public final class NdjsonJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdjsonJournal.class);

    private final Path file;
    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition durable = lock.newCondition();
    private final Thread syncer;
    private final long intervalNanos;
    private byte[] pending = new byte[1 << 20];
    private byte[] spare = new byte[1 << 20];
    private int pendingLength;
    private long appended;
    private long synced;
    private long lines;
    private long syncs;
    private IOException failure;
    private boolean closed;

    private NdjsonJournal(Path file, FileChannel channel, Duration interval) {
        this.file = file;
        this.channel = channel;
        this.intervalNanos = interval.toNanos();
        this.syncer = new Thread(this::syncLoop, "receive-fsync");
        syncer.setDaemon(true);
    }

    /** Opens (creating it if needed) the file for appending, syncing as soon as the previous sync is done. */
    public static NdjsonJournal open(Path file) throws IOException {
        return open(file, Duration.ZERO);
    }

    /** Opens the file for appending, leaving at least {@code interval} between the starts of two fsyncs. */
    public static NdjsonJournal open(Path file, Duration interval) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("the folder " + parent + " does not exist; create it or choose another --out");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long keep = completeLength(ch);
            if (keep < ch.size()) {
                LOG.warn("receive: {} ended with {} bytes of an unfinished line (never acknowledged); removed them",
                        file, ch.size() - keep);
                ch.truncate(keep);
                ch.force(true);
            }
            ch.position(keep);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        NdjsonJournal j = new NdjsonJournal(file, ch, interval);
        j.syncer.start();
        return j;
    }

    private static long completeLength(FileChannel ch) throws IOException {
        long end = ch.size();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
                // fill the block
            }
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /** Appends one line per event (each given without its newline); returns the ticket to wait for. */
    public long append(List<byte[]> events) throws IOException {
        lock.lock();
        try {
            check();
            for (byte[] e : events) {
                ensure(e.length + 1);
                System.arraycopy(e, 0, pending, pendingLength, e.length);
                pendingLength += e.length;
                pending[pendingLength++] = '\n';
                appended += e.length + 1;
            }
            lines += events.size();
            work.signal();
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for the ticket to be on disk; true when it is. */
    public boolean awaitDurable(long ticket, long nanos) throws IOException, InterruptedException {
        lock.lock();
        try {
            while (synced < ticket) {
                check();
                if (nanos <= 0) {
                    return false;
                }
                nanos = durable.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void check() throws IOException {
        if (failure != null) {
            throw new IOException("cannot write " + file + ": " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("the receiver is stopping");
        }
    }

    private void ensure(int more) {
        if (pendingLength + more > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + more));
        }
    }

    private void syncLoop() {
        long lastStart = System.nanoTime() - intervalNanos;
        while (true) {
            byte[] batch;
            int length;
            long target;
            lock.lock();
            try {
                while (pendingLength == 0 && !closed) {
                    work.awaitUninterruptibly();
                }
                long wait;
                while ((wait = lastStart + intervalNanos - System.nanoTime()) > 0 && !closed) {
                    awaitWork(wait);
                }
                lastStart = System.nanoTime();
                if (pendingLength == 0) {
                    return;
                }
                batch = pending;
                length = pendingLength;
                target = appended;
                pending = spare.length >= length ? spare : new byte[Math.max(spare.length, 1 << 20)];
                pendingLength = 0;
            } finally {
                lock.unlock();
            }
            IOException err = write(batch, length);
            lock.lock();
            try {
                spare = batch.length > 64 << 20 ? new byte[1 << 20] : batch;
                if (err != null) {
                    failure = err;
                    LOG.error("receive: cannot write {}: {}; nothing more will be acknowledged", file, err.toString());
                } else {
                    synced = target;
                    syncs++;
                }
                durable.signalAll();
                if (err != null) {
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void awaitWork(long nanos) {
        try {
            work.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private IOException write(byte[] batch, int length) {
        try {
            ByteBuffer b = ByteBuffer.wrap(batch, 0, length);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Lines appended since open. */
    public long lines() {
        lock.lock();
        try {
            return lines;
        } finally {
            lock.unlock();
        }
    }

    /** fsyncs done since open. */
    public long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }

    public Path file() {
        return file;
    }

    /** Writes and syncs what was appended, then closes the file. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
            durable.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            syncer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
