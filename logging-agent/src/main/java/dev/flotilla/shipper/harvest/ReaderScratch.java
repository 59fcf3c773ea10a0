package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.event.EventEncoder;

import java.nio.ByteBuffer;

/** What each reader thread reuses for every file it serves: the read buffer and the event encoder. */
final class ReaderScratch {
    static final int CHUNK = 64 * 1024;
    final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    final EventEncoder encoder = new EventEncoder();

    private static final ThreadLocal<ReaderScratch> CURRENT = ThreadLocal.withInitial(ReaderScratch::new);

    static ReaderScratch current() {
        return CURRENT.get();
    }
}
