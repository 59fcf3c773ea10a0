package dev.flotilla.shipper.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The crash-safe store of acknowledged offsets, one {@link Cursor} per file identity. {@link #flush()} appends the
 * changed entries to {@code log.json} and syncs it; once the log grows past {@link #CHECKPOINT_BYTES} the whole
 * state is written to a new checkpoint (temporary file, sync, atomic rename, folder sync) and the log starts again.
 */
public final class Registry implements AutoCloseable {
    static final long CHECKPOINT_BYTES = 4L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Registry.class);

    private final Path dir;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Recovery recovery;
    private FileChannel logChannel;
    private long seq;
    private long flushes;

    private Registry(Path dir, Recovery recovery) {
        this.dir = dir;
        this.recovery = recovery;
        this.seq = recovery.lastSeq();
        for (Entry e : recovery.entries()) {
            cursors.put(e.key(), Cursor.of(e));
        }
    }

    /** Opens (or creates) the registry folder, recovering after any kind of stop. */
    public static Registry open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Recovery r = RegistryFiles.recover(dir);
        for (String p : r.problems()) {
            if (p.startsWith("ignored")) {
                log.info("registry {}: {}", dir, p);
            } else {
                log.error("registry {}: {}", dir, p);
            }
        }
        Registry reg = new Registry(dir, r);
        reg.checkpoint();
        log.info("registry {}: {} file(s) known", dir, r.entries().size());
        return reg;
    }

    public Recovery recovery() {
        return recovery;
    }

    public Path dir() {
        return dir;
    }

    public Cursor get(String key) {
        return cursors.get(key);
    }

    public Collection<Cursor> cursors() {
        return List.copyOf(cursors.values());
    }

    public int size() {
        return cursors.size();
    }

    /** Adds a cursor, or replaces the one with the same key (which is retired: its late acks are ignored). */
    public void put(Cursor c) {
        lock.lock();
        try {
            Cursor old = cursors.put(c.key(), c);
            if (old != null && old != c) {
                old.retire();
            }
            removed.remove(c.key());
            c.markDirty();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a file that no longer exists (clean_removed). */
    public void remove(Cursor c) {
        lock.lock();
        try {
            if (cursors.remove(c.key(), c)) {
                c.retire();
                removed.add(c.key());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Appends every change since the last flush and syncs it to disk. */
    public void flush() throws IOException {
        lock.lock();
        try {
            if (logChannel == null || !logChannel.isOpen()) {
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (String key : removed) {
                ObjectNode op = EntryCodec.JSON.createObjectNode().put("seq", ++seq).put("op", "del").put("key", key);
                sb.append(EntryCodec.JSON.writeValueAsString(op)).append('\n');
            }
            removed.clear();
            for (Cursor c : cursors.values()) {
                if (c.takeDirty()) {
                    ObjectNode op = EntryCodec.JSON.createObjectNode().put("seq", ++seq).put("op", "set");
                    op.set("entry", EntryCodec.write(c.entry()));
                    sb.append(EntryCodec.JSON.writeValueAsString(op)).append('\n');
                }
            }
            if (sb.length() == 0) {
                return;
            }
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                logChannel.write(buf);
            }
            logChannel.force(false);
            flushes++;
            if (logChannel.size() > CHECKPOINT_BYTES) {
                checkpoint();
            }
        } finally {
            lock.unlock();
        }
    }

    public long flushes() {
        return flushes;
    }

    /** Writes the whole state as a new checkpoint and starts an empty log. */
    void checkpoint() throws IOException {
        lock.lock();
        try {
            ObjectNode root = EntryCodec.JSON.createObjectNode();
            root.put("version", 1).put("seq", seq);
            ArrayNode arr = root.putArray("entries");
            List<Cursor> all = new ArrayList<>(cursors.values());
            for (Cursor c : all) {
                c.takeDirty();
                arr.add(EntryCodec.write(c.entry()));
            }
            removed.clear();
            Path tmp = dir.resolve(RegistryFiles.CHECKPOINT + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(EntryCodec.JSON.writeValueAsBytes(root));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(RegistryFiles.CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDir();
            if (logChannel != null) {
                logChannel.close();
            }
            logChannel = FileChannel.open(dir.resolve(RegistryFiles.LOG), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            logChannel.force(true);
            syncDir();
        } finally {
            lock.unlock();
        }
    }

    private void syncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("registry {}: the file system cannot sync a folder ({}); relying on the rename", dir, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (logChannel != null && logChannel.isOpen()) {
                flush();
                logChannel.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
