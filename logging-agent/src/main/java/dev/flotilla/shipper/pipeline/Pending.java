package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.registry.Cursor;

/**
 * An encoded event waiting for acknowledgement, and the file offset its acknowledgement makes safe. The event's JSON
 * is {@code head} followed by {@code suffix}, the constant end shared by every event of its file (see
 * {@link dev.flotilla.shipper.event.EventTemplate#suffix()}).
 */
public record Pending(byte[] head, byte[] suffix, Cursor cursor, long end) {
    /** The event's JSON size in bytes. */
    public int size() {
        return head.length + suffix.length;
    }
}
