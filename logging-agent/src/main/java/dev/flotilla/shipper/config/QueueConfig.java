package dev.flotilla.shipper.config;

import java.time.Duration;

/**
 * {@code queue.mem}: the bounded queue between the readers and the output. When it is full the readers pause.
 *
 * @param flushMinEvents a batch is sent once this many events wait, or after {@code flushTimeout}
 */
public record QueueConfig(int events, int flushMinEvents, Duration flushTimeout) {
    public static final int DEFAULT_EVENTS = 4096;
    public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofMillis(50);
}
