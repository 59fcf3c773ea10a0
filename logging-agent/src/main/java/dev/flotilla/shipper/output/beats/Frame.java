package dev.flotilla.shipper.output.beats;

import java.nio.charset.StandardCharsets;

/** One Lumberjack v2 frame. All numbers are unsigned 32-bit on the wire and fit an int here (the codec checks). */
public sealed interface Frame {

    /** {@code '2' 'W'} count: the next {@code count} data frames form one batch, numbered 1..count. */
    record Window(int count) implements Frame {
    }

    /** {@code '2' 'J'} seq, length, UTF-8 JSON: one event. */
    record Json(int seq, byte[] payload) implements Frame {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Json j && j.seq == seq && java.util.Arrays.equals(j.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * seq + java.util.Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Json[seq=" + seq + ", " + payload.length + " bytes]";
        }
    }

    /** {@code '2' 'C'} length, zlib (RFC 1950) stream whose inflated bytes are whole frames. */
    record Compressed(byte[] zlib) implements Frame {
        @Override
        public boolean equals(Object o) {
            return o instanceof Compressed c && java.util.Arrays.equals(c.zlib, zlib);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(zlib);
        }

        @Override
        public String toString() {
            return "Compressed[" + zlib.length + " bytes]";
        }
    }

    /** {@code '2' 'A'} seq: the peer has processed events 1..seq of the oldest open batch; 0 is a keepalive. */
    record Ack(int seq) implements Frame {
    }

    /** The type letter on the wire. */
    default char type() {
        if (this instanceof Window) {
            return 'W';
        } else if (this instanceof Json) {
            return 'J';
        } else if (this instanceof Compressed) {
            return 'C';
        }
        return 'A';
    }
}
