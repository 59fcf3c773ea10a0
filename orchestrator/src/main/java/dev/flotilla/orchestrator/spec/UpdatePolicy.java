package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Duration;

/** How a rolling update proceeds: {@code parallelism} tasks at a time (0 = all at once), {@code delay} between batches. */
public record UpdatePolicy(int parallelism,
                           @JsonSerialize(using = DurationJson.Write.class)
                           @JsonDeserialize(using = DurationJson.Read.class) Duration delay) {
    public static final UpdatePolicy DEFAULT = new UpdatePolicy(1, Duration.ZERO);

    public UpdatePolicy {
        if (parallelism < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("update parallelism and delay cannot be negative");
        }
    }
}
