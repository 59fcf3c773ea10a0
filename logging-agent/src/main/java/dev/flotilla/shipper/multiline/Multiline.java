package dev.flotilla.shipper.multiline;

import dev.flotilla.shipper.config.MultilineConfig;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;

/**
 * Joins lines into messages by Filebeat's pattern rule. With {@code match: after}, a line whose match result
 * (inverted by {@code negate}) holds continues the message before it; with {@code match: before}, such a line
 * continues into the next one. A message is sent on when the next one starts, after {@code timeout} without a new
 * line, or when it reaches {@code max_lines}: unlike Filebeat, the lines after that start a new message instead of
 * being dropped, so a long stack trace is split, never cut. Bytes beyond {@code message_max_bytes} are dropped and
 * the message is flagged truncated. Not thread-safe: one per file.
 */
public final class Multiline implements LineSink {
    private final MultilineConfig config;
    private final LineSink out;
    private final int maxBytes;
    private final Matcher matcher;
    private final AsciiSequence ascii = new AsciiSequence();
    private final long timeoutNanos;
    /**
     * A pattern anchored with ^ (no alternation, no MULTILINE flag) can only match at the start of the line: it is
     * tried there only instead of at every position.
     */
    private final boolean anchored;
    private byte[] buf = new byte[512];
    private int len;
    private int lines;
    private long start;
    private long end;
    private int flags;
    private long lastLineNanos;

    public Multiline(MultilineConfig config, int maxBytes, LineSink out) {
        this.config = config;
        this.out = out;
        this.maxBytes = maxBytes;
        this.matcher = config.pattern().matcher("");
        this.timeoutNanos = config.timeout().toNanos();
        this.anchored = config.pattern().pattern().startsWith("^") && config.pattern().pattern().indexOf('|') < 0
                && (config.pattern().flags() & java.util.regex.Pattern.MULTILINE) == 0;
    }

    @Override
    public void line(byte[] b, int off, int n, long s, long e, int f) {
        line(b, off, n, s, e, f, System.nanoTime());
    }

    /** As {@link #line(byte[], int, int, long, long, int)}, with the clock given (for tests). */
    public void line(byte[] b, int off, int n, long s, long e, int f, long nowNanos) {
        boolean continues = matches(b, off, n) != config.negate();
        lastLineNanos = nowNanos;
        if (config.match() == MultilineConfig.Match.AFTER) {
            boolean split = continues && lines >= config.maxLines();
            if (!continues || lines == 0 || split) {
                flush();
            }
            append(b, off, n, s, e, f | (split ? LineFlags.CONTINUED : 0));
        } else {
            if (lines >= config.maxLines()) {
                flush();
                f |= LineFlags.CONTINUED;
            }
            append(b, off, n, s, e, f);
            if (!continues) {
                flush();
            }
        }
    }

    /** Sends the pending message on when no line came for {@code timeout}; returns true if it did. */
    public boolean pollTimeout(long nowNanos) {
        if (lines > 0 && nowNanos - lastLineNanos >= timeoutNanos) {
            flush();
            return true;
        }
        return false;
    }

    /** Sends the pending message on, if any. */
    public void flush() {
        if (lines == 0) {
            return;
        }
        int f = flags | (lines > 1 ? LineFlags.MULTILINE : 0);
        int n = len;
        long s = start;
        long e = end;
        len = 0;
        lines = 0;
        flags = 0;
        out.line(buf, 0, n, s, e, f);
    }

    /** When the pending message is due to be sent on by the timeout (meaningful only while one is pending). */
    public long deadlineNanos() {
        return lastLineNanos + timeoutNanos;
    }

    public boolean hasPending() {
        return lines > 0;
    }

    /** Offset of the first line still held, or -1. */
    public long pendingStart() {
        return lines > 0 ? start : -1;
    }

    /** Drops what is held (the file was truncated and will be read again from a copy). */
    public void clear() {
        len = 0;
        lines = 0;
        flags = 0;
    }

    private void append(byte[] b, int off, int n, long s, long e, int f) {
        if (lines == 0) {
            start = s;
        }
        int sep = lines == 0 ? 0 : 1;
        int room = maxBytes - len - sep;
        int take = Math.min(n, Math.max(room, 0));
        if (take < n) {
            flags |= LineFlags.TRUNCATED;
            take = Utf8Cut.boundary(b, off, take);
        }
        if (take > 0 || sep == 0) {
            ensure(len + sep + take);
            if (sep == 1 && room > 0) {
                buf[len++] = '\n';
            }
            System.arraycopy(b, off, buf, len, take);
            len += take;
        }
        flags |= f;
        lines++;
        end = e;
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            byte[] bigger = new byte[Math.max(capacity, Math.min(buf.length * 2, Math.max(maxBytes, capacity)))];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }

    private boolean matches(byte[] b, int off, int n) {
        CharSequence seq = AsciiSequence.isAscii(b, off, n) ? ascii.reset(b, off, n) : new String(b, off, n, StandardCharsets.UTF_8);
        matcher.reset(seq);
        return anchored ? matcher.lookingAt() : matcher.find();
    }
}
