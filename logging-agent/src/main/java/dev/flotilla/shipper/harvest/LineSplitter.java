package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.multiline.LineFlags;
import dev.flotilla.shipper.multiline.LineSink;
import dev.flotilla.shipper.multiline.Utf8Cut;

/**
 * Cuts a byte stream into lines at {@code \n} (a trailing {@code \r} is dropped). A line longer than
 * {@code maxBytes} keeps its first {@code maxBytes} (cut at a character boundary), is flagged truncated, and the
 * rest up to the newline is skipped; memory stays bounded by {@code maxBytes}. Bytes after the last newline are held
 * until more data comes or {@link #flushPartial} is called. Not thread-safe: one per file.
 */
public final class LineSplitter {
    private final int maxBytes;
    private final LineSink out;
    private byte[] carry = new byte[256];
    private int carryLen;
    private long carryStart;
    private boolean overflow;
    /** The line being read was partly shipped by {@link #flushPartial}: what follows is flagged continued. */
    private boolean continuesPartial;
    private long position;

    public LineSplitter(int maxBytes, long startOffset, LineSink out) {
        this.maxBytes = maxBytes;
        this.out = out;
        this.position = startOffset;
        this.carryStart = startOffset;
    }

    /** Offset just after the last byte fed. */
    public long position() {
        return position;
    }

    /** Offset of the first byte not yet handed on as (part of) a line. */
    public long pendingStart() {
        return carryStart;
    }

    public boolean hasPartial() {
        return carryLen > 0 || overflow;
    }

    /** Starts again at {@code offset}, dropping whatever was held. */
    public void reset(long offset) {
        carryLen = 0;
        overflow = false;
        continuesPartial = false;
        position = offset;
        carryStart = offset;
    }

    /** Feeds the bytes that follow {@link #position()} in the file. */
    public void feed(byte[] buf, int off, int len) {
        int end = off + len;
        int lineStart = off;
        for (int i = off; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            long lineEnd = position + (i - off) + 1;
            int continued = continuesPartial ? LineFlags.CONTINUED : 0;
            continuesPartial = false;
            if (carryLen == 0 && !overflow) {
                emit(buf, lineStart, i - lineStart, carryStart, lineEnd, continued);
            } else {
                append(buf, lineStart, i - lineStart);
                emit(carry, 0, carryLen, carryStart, lineEnd, continued | (overflow ? LineFlags.TRUNCATED : 0));
                carryLen = 0;
                overflow = false;
            }
            carryStart = lineEnd;
            lineStart = i + 1;
        }
        if (lineStart < end) {
            append(buf, lineStart, end - lineStart);
        }
        position += len;
    }

    /** Hands on the bytes after the last newline as a partial line (the writer has not finished it in time). */
    public void flushPartial() {
        if (!hasPartial()) {
            return;
        }
        int flags = LineFlags.PARTIAL | (overflow ? LineFlags.TRUNCATED : 0)
                | (continuesPartial ? LineFlags.CONTINUED : 0);
        emit(carry, 0, carryLen, carryStart, position, flags);
        carryLen = 0;
        overflow = false;
        continuesPartial = true;
        carryStart = position;
    }

    private void emit(byte[] b, int off, int len, long start, long end, int flags) {
        int n = len;
        if (n > 0 && b[off + n - 1] == '\r') {
            n--;
        }
        if (n > maxBytes) {
            n = Utf8Cut.boundary(b, off, maxBytes);
            flags |= LineFlags.TRUNCATED;
        }
        out.line(b, off, n, start, end, flags);
    }

    private void append(byte[] b, int off, int len) {
        if (overflow) {
            return;
        }
        int room = maxBytes + 1 - carryLen;
        int take = Math.min(len, room);
        if (take < len) {
            overflow = true;
        }
        if (carryLen + take > carry.length) {
            byte[] bigger = new byte[Math.min(Math.max(carry.length * 2, carryLen + take), maxBytes + 1)];
            System.arraycopy(carry, 0, bigger, 0, carryLen);
            carry = bigger;
        }
        System.arraycopy(b, off, carry, carryLen, take);
        carryLen += take;
    }
}
