package dev.flotilla.shipper.output.beats;

import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Encodes a run of events as one window: {@code W(n)} then either {@code C(zlib(J(1)..J(n)))} or, at level 0, the
 * bare {@code J(1)..J(n)}. Reuses its buffers and its {@link Deflater}; one instance per sending thread. The
 * returned array is valid until the next call.
 */
public final class BatchEncoder implements AutoCloseable {
    private static final int SHRINK_ABOVE = 16 << 20;
    private static final byte[] EMPTY = new byte[0];
    private final int level;
    private final Deflater deflater;
    private byte[] raw = new byte[64 << 10];
    private byte[] out = new byte[64 << 10];
    private int length;
    private int jsonFramesEnd;

    public BatchEncoder(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("compression level " + level + " is outside 0-9");
        }
        this.level = level;
        this.deflater = level == 0 ? null : new Deflater(level);
    }

    /** Encodes {@code events[from, to)} numbered 1..(to-from); read the result with {@link #bytes()}/{@link #length()}. */
    public void encode(List<byte[]> events, int from, int to) {
        encode(events, List.of(), from, to);
    }

    /**
     * Like {@link #encode(List, int, int)} for events kept in two parts (see
     * {@link dev.flotilla.shipper.output.OutBatch}): event {@code i} is {@code heads[i]} then {@code suffixes[i]},
     * joined here into one J frame; {@code suffixes} empty means whole events.
     */
    public void encode(List<byte[]> events, List<byte[]> suffixes, int from, int to) {
        if (from < 0 || to > events.size() || from >= to) {
            throw new IllegalArgumentException("an empty or out-of-range window [" + from + ", " + to + ") of "
                    + events.size() + " events: a window holds at least one event");
        }
        shrinkIfHuge();
        if (level == 0) {
            int pos = putHeader(out, 0, 'W', to - from);
            out = jsonFrames(out, pos, events, suffixes, from, to);
            length = jsonFramesEnd;
            return;
        }
        raw = jsonFrames(raw, 0, events, suffixes, from, to);
        int rawLen = jsonFramesEnd;
        if (out.length < rawLen / 4 + 1024) {
            out = new byte[rawLen / 4 + 1024];
        }
        int pos = putHeader(out, 0, 'W', to - from);
        int lenAt = putHeader(out, pos, 'C', 0) - 4;
        int dataStart = lenAt + 4;
        deflater.reset();
        deflater.setInput(raw, 0, rawLen);
        deflater.finish();
        int n = dataStart;
        while (!deflater.finished()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            n += deflater.deflate(out, n, out.length - n);
        }
        putInt(out, lenAt, n - dataStart);
        length = n;
    }

    public byte[] bytes() {
        return out;
    }

    public int length() {
        return length;
    }

    private byte[] jsonFrames(byte[] buf, int pos, List<byte[]> events, List<byte[]> suffixes, int from, int to) {
        boolean split = !suffixes.isEmpty();
        long need = pos;
        for (int i = from; i < to; i++) {
            need += 10 + events.get(i).length + (split ? suffixes.get(i).length : 0);
        }
        if (need > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a window of " + need + " bytes is too large; lower bulk_max_size");
        }
        if (buf.length < need) {
            buf = Arrays.copyOf(buf, (int) Math.max(need + 64, Math.min(Integer.MAX_VALUE - 64, buf.length * 2L)));
        }
        for (int i = from; i < to; i++) {
            byte[] e = events.get(i);
            byte[] s = split ? suffixes.get(i) : EMPTY;
            pos = putHeader(buf, pos, 'J', i - from + 1);
            pos = putInt(buf, pos, e.length + s.length);
            System.arraycopy(e, 0, buf, pos, e.length);
            pos += e.length;
            System.arraycopy(s, 0, buf, pos, s.length);
            pos += s.length;
        }
        jsonFramesEnd = pos;
        return buf;
    }

    private static int putHeader(byte[] b, int pos, char type, int value) {
        b[pos] = FrameCodec.VERSION;
        b[pos + 1] = (byte) type;
        return putInt(b, pos + 2, value);
    }

    private static int putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) (v >>> 24);
        b[pos + 1] = (byte) (v >>> 16);
        b[pos + 2] = (byte) (v >>> 8);
        b[pos + 3] = (byte) v;
        return pos + 4;
    }

    private void shrinkIfHuge() {
        if (raw.length > SHRINK_ABOVE) {
            raw = new byte[64 << 10];
        }
        if (out.length > SHRINK_ABOVE) {
            out = new byte[64 << 10];
        }
    }

    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
        }
    }
}
