package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.discovery.FileStat;
import dev.flotilla.shipper.discovery.Fingerprint;
import dev.flotilla.shipper.discovery.InputRuntime;
import dev.flotilla.shipper.registry.Cursor;
import dev.flotilla.shipper.registry.Registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Where reading a file starts, decided from what the registry knows about its identity.
 *
 * @param drainFrom  &ge; 0 when the old content of this identity was replaced (truncated, or the inode reused) and a
 *                   copy of it should be read from this offset
 * @param skipToEnd  the file is older than {@code ignore_older} and unknown: register it at its end, do not read
 */
record Placement(Cursor cursor, long start, boolean skipToEnd, long drainFrom, String oldPath, Fingerprint oldFingerprint) {

    static Placement decide(InputRuntime input, FileStat st, Cursor known, FileChannel ch, Registry registry) throws IOException {
        String path = st.path().toString();
        if (known != null) {
            if (known.fingerprint().matches(ch) && st.size() >= known.readOffset()) {
                return new Placement(known, known.readOffset(), false, -1, null, null);
            }
            Cursor fresh = new Cursor(st.key(), input.id(), Fingerprint.of(ch), path, 0);
            return new Placement(fresh, 0, false, known.committed(), known.path(), known.fingerprint());
        }
        long ignoreOlder = input.config().ignoreOlder().toMillis();
        if (ignoreOlder > 0 && st.modifiedMillis() < System.currentTimeMillis() - ignoreOlder) {
            return new Placement(null, st.size(), true, -1, null, null);
        }
        Fingerprint fp = Fingerprint.of(ch);
        long start = fp.complete() ? copyStart(st, fp, registry) : 0;
        return new Placement(new Cursor(st.key(), input.id(), fp, path, start), start, false, -1, null, null);
    }

    /**
     * A new file that starts with the same {@value Fingerprint#MAX_LENGTH} bytes as a known file of the same folder
     * is a copy of it (copytruncate, seen before the truncation): it starts where that file is acknowledged, so the
     * copy is not shipped twice. Otherwise 0.
     */
    private static long copyStart(FileStat st, Fingerprint fp, Registry registry) {
        Path folder = st.path().getParent();
        for (Cursor c : registry.cursors()) {
            if (!c.key().equals(st.key()) && c.fingerprint().equals(fp) && folder != null
                    && folder.equals(Path.of(c.path()).getParent())) {
                return Math.min(c.committed(), st.size());
            }
        }
        return 0;
    }
}
