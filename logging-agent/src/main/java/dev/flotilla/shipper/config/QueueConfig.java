package dev.flotilla.shipper.config;

import java.time.Duration;

/**
 * {@code queue.mem}: the bounded queue between the readers and the output. When it holds {@code events} events or
 * {@code bytes} bytes of encoded events the readers pause.
 *
 * @param flushMinEvents a batch is sent once this many events wait, or after {@code flushTimeout}
 */
public record QueueConfig(int events, int bytes, int flushMinEvents, Duration flushTimeout) {
    public static final int DEFAULT_EVENTS = 4096;
    public static final int DEFAULT_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofMillis(50);
}
