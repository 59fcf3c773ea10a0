package dev.flotilla.shipper.output.beats;

import java.util.List;

/**
 * The sending thread's own encoder, for the windows the {@link EncodePool} did not prepare: a resend of what is
 * left of a batch after a failure (partial ACKs move the first window), or a batch whose pool task was cancelled or
 * failed. Its {@link BatchEncoder} (buffers and zlib state) is only created when first needed.
 */
final class Resender implements AutoCloseable {
    private final int level;
    private BatchEncoder encoder;

    Resender(int level) {
        this.level = level;
    }

    /** The wire bytes of window {@code w}: the pool's when it made exactly that window, else encoded here. */
    byte[] bytesFor(InFlight w, List<EncodedWindow> ready) {
        if (ready != null) {
            for (EncodedWindow e : ready) {
                if (e.base() == w.base() && e.count() == w.count()) {
                    return e.bytes();
                }
            }
        }
        if (encoder == null) {
            encoder = new BatchEncoder(level);
        }
        return EncodePool.encodeWindow(encoder, w.batch().batch, w.base(), w.count());
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
        }
    }
}
