package dev.flotilla.shipper.multiline;

/**
 * Receives lines (or joined messages) as UTF-8 bytes with the file offsets they came from. The bytes are only valid
 * during the call.
 *
 * @see LineFlags
 */
@FunctionalInterface
public interface LineSink {
    /**
     * @param start offset of the first byte in the file ({@code log.offset})
     * @param end   offset just after the last byte, newline included: where reading resumes once this is acknowledged
     * @param flags {@link LineFlags} bits
     */
    void line(byte[] buf, int off, int len, long start, long end, int flags);
}
