package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Duration;
import java.util.Locale;

/**
 * How a rolling update (or a rollback) proceeds, as Swarm's UpdateConfig: {@code parallelism} tasks at a time (0 =
 * all at once), {@code delay} between batches, {@code order} (stop the old task first, or start the new one first
 * and stop the old once the new one runs), and what to do when updated tasks fail: a task of the new definition
 * that ends on its own before running, or within {@code monitor} of starting to run, is a failure; once the
 * failures exceed {@code maxFailureRatio} of the service's slots, {@code failureAction} applies.
 */
public record UpdatePolicy(int parallelism,
                           @JsonSerialize(using = DurationJson.Write.class)
                           @JsonDeserialize(using = DurationJson.Read.class) Duration delay,
                           FailureAction failureAction,
                           @JsonSerialize(using = DurationJson.Write.class)
                           @JsonDeserialize(using = DurationJson.Read.class) Duration monitor,
                           double maxFailureRatio, Order order) {
    public static final Duration DEFAULT_MONITOR = Duration.ofSeconds(5);
    public static final UpdatePolicy DEFAULT = new UpdatePolicy(1, Duration.ZERO);

    /** {@code --update-failure-action} / {@code --rollback-failure-action}. */
    public enum FailureAction {
        PAUSE, CONTINUE, ROLLBACK;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code --update-order} / {@code --rollback-order}. */
    public enum Order {
        STOP_FIRST, START_FIRST;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public UpdatePolicy {
        delay = delay == null ? Duration.ZERO : delay;
        failureAction = failureAction == null ? FailureAction.PAUSE : failureAction;
        monitor = monitor == null ? DEFAULT_MONITOR : monitor;
        order = order == null ? Order.STOP_FIRST : order;
        if (parallelism < 0 || delay.isNegative() || monitor.isNegative()) {
            throw new IllegalArgumentException("update parallelism, delay and monitor cannot be negative");
        }
        if (!(maxFailureRatio >= 0 && maxFailureRatio <= 1)) {
            throw new IllegalArgumentException("the max failure ratio lies between 0 and 1");
        }
    }

    /** Swarm's defaults for everything but parallelism and delay. */
    public UpdatePolicy(int parallelism, Duration delay) {
        this(parallelism, delay, FailureAction.PAUSE, DEFAULT_MONITOR, 0, Order.STOP_FIRST);
    }

    /** Whether {@code failures} failed tasks out of {@code slots} exceed the ratio this policy tolerates. */
    public boolean tooManyFailures(int failures, int slots) {
        return failures > 0 && (double) failures / Math.max(1, slots) > maxFailureRatio;
    }
}
