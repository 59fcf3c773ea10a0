package dev.flotilla.shipper.output.beats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads frames from a blocking stream, one at a time, with the checks of {@link FrameCodec}. Compressed frames are
 * returned as they are; the caller inflates them. Not thread-safe: one reader per connection.
 */
public final class FrameReader {
    private final InputStream in;
    private final FrameCodec.Limits limits;
    private ByteBuffer buf = ByteBuffer.allocate(64 << 10).flip();

    public FrameReader(InputStream in, FrameCodec.Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * The next frame, or null when the peer closed the connection cleanly between two frames.
     *
     * @throws ProtocolException on malformed bytes, or when the connection ends inside a frame
     * @throws IOException       on a read failure, including a socket read timeout (nothing is lost: call again)
     */
    public Frame read() throws IOException {
        while (true) {
            Frame f = FrameCodec.decode(buf, limits);
            if (f != null) {
                return f;
            }
            int need = FrameCodec.frameLength(buf, limits);
            ensureCapacity(Math.max(need, FrameCodec.HEADER + 8));
            if (!fill()) {
                if (!buf.hasRemaining()) {
                    return null;
                }
                throw new ProtocolException("the connection ended inside a frame: " + buf.remaining()
                        + " bytes of an incomplete '" + typeOf(buf) + "' frame were received");
            }
        }
    }

    /** Whether bytes are buffered that do not make a whole frame yet. */
    public boolean hasPartialFrame() {
        return buf.hasRemaining();
    }

    private boolean fill() throws IOException {
        buf.compact();
        try {
            int n = in.read(buf.array(), buf.position(), buf.remaining());
            if (n < 0) {
                return false;
            }
            buf.position(buf.position() + n);
            return true;
        } catch (EOFException e) {
            return false;
        } finally {
            buf.flip();
        }
    }

    private void ensureCapacity(int frameLength) {
        if (frameLength > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(frameLength);
            bigger.put(buf);
            buf = bigger.flip();
        } else if (frameLength <= 64 << 10 && buf.capacity() > 1 << 20 && buf.remaining() <= 64 << 10) {
            ByteBuffer smaller = ByteBuffer.allocate(64 << 10);
            smaller.put(buf);
            buf = smaller.flip();
        }
    }

    private static String typeOf(ByteBuffer b) {
        return b.remaining() >= 2 ? String.valueOf((char) b.get(b.position() + 1)) : "?";
    }
}
