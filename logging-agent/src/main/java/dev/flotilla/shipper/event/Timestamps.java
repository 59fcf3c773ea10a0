package dev.flotilla.shipper.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes {@code "2026-11-22T03:48:23.123Z"} quickly: the part up to the second is formatted once per second. */
final class Timestamps {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] prefix;

    void write(ByteSink out, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != cachedSecond) {
            prefix = ("\"" + SECOND.format(Instant.ofEpochSecond(second)) + ".").getBytes(StandardCharsets.US_ASCII);
            cachedSecond = second;
        }
        out.raw(prefix);
        int ms = (int) Math.floorMod(epochMillis, 1000);
        out.raw((byte) ('0' + ms / 100)).raw((byte) ('0' + ms / 10 % 10)).raw((byte) ('0' + ms % 10));
        out.raw((byte) 'Z').raw((byte) '"');
    }
}
