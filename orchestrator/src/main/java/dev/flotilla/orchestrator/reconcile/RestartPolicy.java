package dev.flotilla.orchestrator.reconcile;

import java.time.Duration;

/**
 * When a task that ended on its own (failed, rejected, or completed) is replaced: Swarm's default restart
 * condition "any" with a 5 s delay, doubled for each further consecutive failure of the same slot and capped, so
 * a broken image or a crashing command is retried calmly instead of in a hot loop.
 *
 * @param delay    the delay after a first failure (Swarm's {@code --restart-delay}, 5 s)
 * @param maxDelay the cap of the doubling
 */
public record RestartPolicy(Duration delay, Duration maxDelay) {
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1));

    public RestartPolicy {
        if (delay.isNegative() || maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("restart delay must be non-negative and at most the maximum delay");
        }
    }

    /** The wait before replacing a slot whose last {@code consecutiveFailures} tasks (at least 1) ended on their own. */
    public long delayMillis(int consecutiveFailures) {
        long d = delay.toMillis();
        for (int i = 1; i < consecutiveFailures && d < maxDelay.toMillis(); i++) {
            d *= 2;
        }
        return Math.min(d, maxDelay.toMillis());
    }
}
