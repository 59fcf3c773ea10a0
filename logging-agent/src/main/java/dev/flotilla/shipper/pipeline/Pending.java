package dev.flotilla.shipper.pipeline;

import dev.flotilla.shipper.registry.Cursor;

/** An encoded event waiting for acknowledgement, and the file offset its acknowledgement makes safe. */
public record Pending(byte[] json, Cursor cursor, long end) {
}
