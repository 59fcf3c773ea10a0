package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.discovery.FileStat;
import dev.flotilla.shipper.discovery.Fingerprint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Searches a folder for a file by identity, or for a copy of a file's content (what copytruncate leaves). */
public final class CopyFinder {
    /** Shorter fingerprints are too weak to call another file a copy. */
    public static final int MIN_FINGERPRINT = 16;

    private CopyFinder() {
    }

    /** The path in {@code folder} whose identity is {@code key}, or null. */
    public static Path byKey(Path folder, String key) {
        if (folder == null) {
            return null;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                FileStat st = FileStat.quietly(p);
                if (st != null && st.regularFile() && st.key().equals(key)) {
                    return p;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * A file in {@code folder}, other than {@code exceptKey}, at least {@code minSize} long, that starts with the
     * bytes {@code fp} was taken from; the most recently modified one wins. Null when there is none.
     */
    public static FileStat copyOf(Path folder, String exceptKey, Fingerprint fp, long minSize) {
        if (folder == null || fp.length() < MIN_FINGERPRINT) {
            return null;
        }
        FileStat best = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                FileStat st = FileStat.quietly(p);
                if (st == null || !st.regularFile() || st.key().equals(exceptKey) || st.size() < Math.max(minSize, fp.length())) {
                    continue;
                }
                if (startsWith(p, fp) && (best == null || st.modifiedMillis() > best.modifiedMillis())) {
                    best = st;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return best;
    }

    private static boolean startsWith(Path p, Fingerprint fp) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return fp.matches(ch);
        } catch (IOException e) {
            return false;
        }
    }
}
