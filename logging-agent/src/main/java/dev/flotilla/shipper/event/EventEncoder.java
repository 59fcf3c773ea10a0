package dev.flotilla.shipper.event;

import dev.flotilla.shipper.multiline.LineFlags;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one message as the JSON of a Beats event, the hot path of the agent: only the time, message, parsed
 * access-log fields, offset and flags are written per event ({@link #encodeHead}); the per-file constant rest is
 * the {@link EventTemplate#suffix()}, shared by every event of the file and appended when the frame is written.
 * One per thread.
 */
public final class EventEncoder {
    private static final byte[] OPEN = bytes("{\"@timestamp\":");
    private static final byte[] MESSAGE = bytes(",\"message\":");
    private static final byte[] LOG_OFFSET = bytes(",\"log\":{\"offset\":");
    private static final byte[] FLAGS = bytes(",\"flags\":[");

    private final ByteSink sink = new ByteSink(1024);
    private final Timestamps timestamps = new Timestamps();

    /** Invalid UTF-8 sequences replaced in the last encoded message. */
    public int replacedInLast() {
        return sink.replaced();
    }

    /** The whole event: {@link #encodeHead} followed by the template's suffix. */
    public byte[] encode(EventTemplate t, byte[] msg, int off, int len, long offset, int flags, long nowMillis) {
        byte[] head = encodeHead(t, msg, off, len, offset, flags, nowMillis);
        byte[] suffix = t.suffix();
        byte[] out = java.util.Arrays.copyOf(head, head.length + suffix.length);
        System.arraycopy(suffix, 0, out, head.length, suffix.length);
        return out;
    }

    /**
     * The varying start of the event, up to and including {@code log.offset} and {@code log.flags}; it is valid JSON
     * only once followed by {@code t.suffix()}.
     */
    public byte[] encodeHead(EventTemplate t, byte[] msg, int off, int len, long offset, int flags, long nowMillis) {
        ByteSink s = sink;
        s.clear();
        s.raw(OPEN);
        timestamps.write(s, nowMillis);
        s.raw(MESSAGE);
        s.string(msg, off, len);
        if (t.parseAccessLog) {
            AccessLine a = AccessLine.parse(msg, off, len);
            if (a != null) {
                writeAccess(s, a);
            }
        }
        s.raw(LOG_OFFSET).number(offset);
        if (flags != 0) {
            writeFlags(s, flags);
        }
        return s.toByteArray();
    }

    private static void writeFlags(ByteSink s, int flags) {
        s.raw(FLAGS);
        boolean first = true;
        if ((flags & LineFlags.MULTILINE) != 0) {
            s.ascii("\"multiline\"");
            first = false;
        }
        if ((flags & LineFlags.TRUNCATED) != 0) {
            s.ascii(first ? "\"truncated\"" : ",\"truncated\"");
            first = false;
        }
        if ((flags & LineFlags.PARTIAL) != 0) {
            s.ascii(first ? "\"partial\"" : ",\"partial\"");
            first = false;
        }
        if ((flags & LineFlags.CONTINUED) != 0) {
            s.ascii(first ? "\"continued\"" : ",\"continued\"");
        }
        s.raw((byte) ']');
    }

    private static void writeAccess(ByteSink s, AccessLine a) {
        if (a.client() != null) {
            s.ascii(",\"source\":{\"address\":").string(a.client()).raw((byte) '}');
        }
        if (a.user() != null) {
            s.ascii(",\"user\":{\"name\":").string(a.user()).raw((byte) '}');
        }
        s.ascii(",\"http\":{");
        if (a.method() != null || a.referrer() != null) {
            s.ascii("\"request\":{");
            if (a.method() != null) {
                s.ascii("\"method\":").string(a.method());
            }
            if (a.referrer() != null) {
                s.ascii(a.method() != null ? ",\"referrer\":" : "\"referrer\":").string(a.referrer());
            }
            s.ascii("},");
        }
        if (a.httpVersion() != null) {
            s.ascii("\"version\":").string(a.httpVersion()).raw((byte) ',');
        }
        s.ascii("\"response\":{\"status_code\":").number(a.status());
        if (a.bytes() >= 0) {
            s.ascii(",\"body\":{\"bytes\":").number(a.bytes()).raw((byte) '}');
        }
        s.ascii("}}");
        if (a.url() != null) {
            s.ascii(",\"url\":{\"original\":").string(a.url()).raw((byte) '}');
        }
        if (a.userAgent() != null) {
            s.ascii(",\"user_agent\":{\"original\":").string(a.userAgent()).raw((byte) '}');
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
