package dev.flotilla.shipper.output.beats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Pure encoding and decoding of Lumberjack v2 frames (big-endian). Decoding never trusts a length: every one is
 * checked against {@link Limits} before anything is allocated, and every malformed input raises a
 * {@link ProtocolException} that says what was found and what was expected.
 */
public final class FrameCodec {
    public static final byte VERSION = '2';
    public static final int HEADER = 2;
    private static final byte TLS_HANDSHAKE = 0x16;

    /** Upper bounds a decoder enforces; a frame over a bound is refused rather than buffered. */
    public record Limits(int maxJsonBytes, int maxCompressedBytes, int maxInflatedBytes, int maxWindow) {
        /** Generous defaults for a server: 16 MiB events, 64 MiB compressed frames inflating to at most 256 MiB. */
        public static final Limits DEFAULT = new Limits(16 << 20, 64 << 20, 256 << 20, 1 << 20);

        public Limits {
            if (maxJsonBytes < 1 || maxCompressedBytes < 1 || maxInflatedBytes < 1 || maxWindow < 1) {
                throw new IllegalArgumentException("every frame limit must be at least 1");
            }
        }
    }

    private FrameCodec() {
    }

    // ---------------------------------------------------------------- encoding

    /** The wire bytes of one frame. */
    public static byte[] encode(Frame frame) {
        if (frame instanceof Frame.Window w) {
            return header('W', 4).putInt(w.count()).array();
        } else if (frame instanceof Frame.Json j) {
            return header('J', 8 + j.payload().length).putInt(j.seq()).putInt(j.payload().length).put(j.payload()).array();
        } else if (frame instanceof Frame.Compressed c) {
            return header('C', 4 + c.zlib().length).putInt(c.zlib().length).put(c.zlib()).array();
        }
        return header('A', 4).putInt(((Frame.Ack) frame).seq()).array();
    }

    /** The wire bytes of several frames, one after the other. */
    public static byte[] encodeAll(List<? extends Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            out.writeBytes(encode(f));
        }
        return out.toByteArray();
    }

    /** A compressed frame wrapping {@code frames}, deflated at {@code level} (1-9) as a zlib stream. */
    public static Frame.Compressed compress(List<? extends Frame> frames, int level) {
        return new Frame.Compressed(deflate(encodeAll(frames), level));
    }

    /** zlib (RFC 1950) of {@code raw}. */
    public static byte[] deflate(byte[] raw, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] chunk = new byte[8192];
            while (!d.finished()) {
                int n = d.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static ByteBuffer header(char type, int bodyLength) {
        return ByteBuffer.allocate(HEADER + bodyLength).put(VERSION).put((byte) type);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes one frame from {@code in}, advancing its position past it; returns null, with the position unchanged,
     * when the buffer does not yet hold the whole frame.
     */
    public static Frame decode(ByteBuffer in, Limits limits) throws ProtocolException {
        int length = frameLength(in, limits);
        if (length < 0 || in.remaining() < length) {
            return null;
        }
        int start = in.position();
        char type = (char) in.get(start + 1);
        in.position(start + HEADER);
        switch (type) {
            case 'W':
                return new Frame.Window(in.getInt());
            case 'A':
                return new Frame.Ack(in.getInt());
            case 'J': {
                int seq = in.getInt();
                byte[] payload = new byte[in.getInt()];
                in.get(payload);
                return new Frame.Json(seq, payload);
            }
            default: {
                byte[] zlib = new byte[in.getInt()];
                in.get(zlib);
                return new Frame.Compressed(zlib);
            }
        }
    }

    /**
     * The total length of the frame at the buffer's position once its header is readable (else -1), after checking
     * the version, the type and every declared length against the limits. Does not move the position.
     */
    public static int frameLength(ByteBuffer in, Limits limits) throws ProtocolException {
        int p = in.position();
        if (in.remaining() < 1) {
            return -1;
        }
        checkVersion(in.get(p));
        if (in.remaining() < HEADER) {
            return -1;
        }
        byte type = in.get(p + 1);
        switch (type) {
            case 'W':
                if (in.remaining() < HEADER + 4) {
                    return -1;
                }
                checkCount("window", in.getInt(p + 2), limits.maxWindow());
                return HEADER + 4;
            case 'A':
                if (in.remaining() < HEADER + 4) {
                    return -1;
                }
                checkCount("ACK sequence number", in.getInt(p + 2), Integer.MAX_VALUE);
                return HEADER + 4;
            case 'J':
                if (in.remaining() < HEADER + 8) {
                    return -1;
                }
                checkCount("JSON frame sequence number", in.getInt(p + 2), Integer.MAX_VALUE);
                return HEADER + 8 + checkLength("JSON frame", in.getInt(p + 6), limits.maxJsonBytes());
            case 'C':
                if (in.remaining() < HEADER + 4) {
                    return -1;
                }
                return HEADER + 4 + checkLength("compressed frame", in.getInt(p + 2), limits.maxCompressedBytes());
            case 'D':
                throw new ProtocolException("a Lumberjack v1 data frame ('D') inside a v2 stream: this receiver "
                        + "speaks v2 only (JSON 'J' frames, as sent by Filebeat and other Beats)");
            default:
                throw new ProtocolException("unknown frame type " + describe(type)
                        + " after version '2': expected 'W' (window), 'J' (JSON), 'C' (compressed) or 'A' (ACK)");
        }
    }

    /**
     * Inflates a compressed frame and decodes the frames inside it (windows and JSON frames; a compressed frame or an
     * ACK inside is refused, as is a zlib stream that is corrupt, truncated, followed by extra bytes, larger than the
     * limit once inflated, or that ends inside a frame).
     */
    public static List<Frame> inflate(Frame.Compressed compressed, Limits limits) throws ProtocolException {
        ByteBuffer raw = ByteBuffer.wrap(inflateBytes(compressed.zlib(), limits.maxInflatedBytes()));
        List<Frame> frames = new ArrayList<>();
        while (raw.hasRemaining()) {
            Frame f = decode(raw, limits);
            if (f == null) {
                throw new ProtocolException("the compressed frame ends inside a frame: " + raw.remaining()
                        + " bytes are left that do not make a whole frame (the sender cut a frame in two)");
            }
            if (f instanceof Frame.Compressed || f instanceof Frame.Ack) {
                throw new ProtocolException("a '" + f.type() + "' frame inside a compressed frame: only 'W' and 'J' "
                        + "frames may be compressed");
            }
            frames.add(f);
        }
        return frames;
    }

    private static byte[] inflateBytes(byte[] zlib, int maxInflated) throws ProtocolException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            byte[] out = new byte[Math.min(maxInflated, Math.max(1024, zlib.length * 4))];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= maxInflated) {
                        throw new ProtocolException("the compressed frame inflates to more than " + maxInflated
                                + " bytes, the limit; send smaller batches (bulk_max_size)");
                    }
                    out = java.util.Arrays.copyOf(out, (int) Math.min(maxInflated, out.length * 2L));
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("the compressed frame's zlib stream is truncated: it ends after "
                            + zlib.length + " bytes without its end marker");
                }
                n += got;
            }
            if (inflater.getRemaining() > 0) {
                throw new ProtocolException("the compressed frame has " + inflater.getRemaining()
                        + " bytes after the end of its zlib stream");
            }
            return java.util.Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new ProtocolException("the compressed frame is not a valid zlib (RFC 1950) stream: " + e.getMessage()
                    + " (raw deflate or gzip are not accepted)", e);
        } finally {
            inflater.end();
        }
    }

    private static void checkVersion(byte version) throws ProtocolException {
        if (version == VERSION) {
            return;
        }
        if (version == '1') {
            throw new ProtocolException("Lumberjack v1 frame (version '1'): only v2 is spoken here; use a v2 sender "
                    + "such as Filebeat 5 or later");
        }
        if (version == TLS_HANDSHAKE) {
            throw new ProtocolException("the peer started a TLS handshake on a plain connection: enable TLS on both "
                    + "sides or on neither");
        }
        throw new ProtocolException("bad version byte " + describe(version) + " at the start of a frame: expected '2' "
                + "(is the peer speaking another protocol, such as HTTP, or is the stream out of step?)");
    }

    private static void checkCount(String what, int value, int max) throws ProtocolException {
        if (value < 0 || value > max) {
            throw new ProtocolException("the " + what + " " + Integer.toUnsignedString(value) + " is larger than "
                    + max + ", the limit");
        }
    }

    private static int checkLength(String what, int length, int max) throws ProtocolException {
        if (length < 0 || length > max) {
            throw new ProtocolException("the " + what + " declares " + Integer.toUnsignedString(length)
                    + " bytes, more than the limit of " + max + " bytes");
        }
        return length;
    }

    static String describe(byte b) {
        int v = b & 0xff;
        String hex = String.format("0x%02x", v);
        return v >= 0x20 && v < 0x7f ? "'" + (char) v + "' (" + hex + ")" : hex;
    }
}
