package dev.flotilla.shipper.discovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hash of a file's first {@code length} bytes (at most {@link #MAX_LENGTH}). Together with device and inode it
 * tells a file from a new file that reuses the inode, and a copy (copytruncate) from an unrelated file.
 */
public record Fingerprint(int length, long hash) {
    public static final int MAX_LENGTH = 1024;
    /** A copy is recognised only by a fingerprint at least this long (shorter prefixes are too often shared). */
    public static final int MIN_COPY_LENGTH = 64;
    public static final Fingerprint EMPTY = new Fingerprint(0, hashOf(new byte[0], 0));

    public Fingerprint {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("fingerprint length " + length + " outside 0-" + MAX_LENGTH);
        }
    }

    public boolean complete() {
        return length == MAX_LENGTH;
    }

    /** Fingerprints the first {@code min(size, MAX_LENGTH)} bytes. */
    public static Fingerprint of(FileChannel ch) throws IOException {
        return of(ch, (int) Math.min(ch.size(), MAX_LENGTH));
    }

    /** Fingerprints exactly the first {@code length} bytes, or returns null when the file is shorter. */
    public static Fingerprint of(FileChannel ch, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long pos = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                return null;
            }
            pos += n;
        }
        return new Fingerprint(length, hashOf(bytes, length));
    }

    /**
     * True when the file at {@code p} starts with the bytes this fingerprint was taken from; false when it does not,
     * or cannot be read. Device and inode alone do not tell a renamed file from a new file that reuses the inode of
     * a removed one; this does.
     */
    public boolean matches(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return matches(ch);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True when the file still starts with the bytes this fingerprint was taken from. */
    public boolean matches(FileChannel ch) throws IOException {
        if (ch.size() < length) {
            return false;
        }
        Fingerprint now = of(ch, length);
        return now != null && now.hash == hash;
    }

    public static long hashOf(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            byte[] d = md.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The form kept in the registry: {@code <length>:<16 hex digits>}. */
    public String text() {
        return length + ":" + String.format("%016x", hash);
    }

    public static Fingerprint parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || text.length() - colon - 1 != 16) {
            throw new IllegalArgumentException("not a fingerprint: '" + text + "' (expected <length>:<16 hex digits>)");
        }
        return new Fingerprint(Integer.parseInt(text.substring(0, colon)), Long.parseUnsignedLong(text.substring(colon + 1), 16));
    }
}
