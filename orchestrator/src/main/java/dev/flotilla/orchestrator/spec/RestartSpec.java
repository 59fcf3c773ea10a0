package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Duration;
import java.util.Locale;

/**
 * Swarm's restart policy: when a task that ended on its own (its container exited, or it was rejected) gets a
 * replacement. {@code none}: never; {@code on-failure}: only when it failed (non-zero exit, rejected); {@code any}
 * (the default): always. The replacement waits {@code delay} (doubled for each further consecutive failure of the
 * slot, up to a minute). With {@code maxAttempts} above 0, a slot is restarted at most that many times within
 * {@code window} (0: ever); after that it stays empty until the service is updated.
 */
public record RestartSpec(Condition condition,
                          @JsonSerialize(using = DurationJson.Write.class)
                          @JsonDeserialize(using = DurationJson.Read.class) Duration delay,
                          int maxAttempts,
                          @JsonSerialize(using = DurationJson.Write.class)
                          @JsonDeserialize(using = DurationJson.Read.class) Duration window) {
    public static final RestartSpec DEFAULT = new RestartSpec(Condition.ANY, Duration.ofSeconds(5), 0, Duration.ZERO);

    /** {@code --restart-condition}. */
    public enum Condition {
        NONE, ON_FAILURE, ANY;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Condition parse(String text) {
            for (Condition c : values()) {
                if (c.word().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new SpecException("invalid --restart-condition '" + text
                    + "': use none, on-failure or any");
        }
    }

    public RestartSpec {
        condition = condition == null ? Condition.ANY : condition;
        delay = delay == null ? DEFAULT.delay : delay;
        window = window == null ? Duration.ZERO : window;
    }

    /** Whether a task that ended in {@code failed} (true) or completed with exit 0 (false) gets a replacement. */
    public boolean restarts(boolean failed) {
        return condition == Condition.ANY || (condition == Condition.ON_FAILURE && failed);
    }
}
