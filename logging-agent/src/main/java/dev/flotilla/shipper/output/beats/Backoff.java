package dev.flotilla.shipper.output.beats;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": after the k-th failure in a row the base wait is init × 2^(k-1), capped
 * at max, and the actual wait is drawn uniformly from [base/2, base]. Pure: the random source is injected.
 */
public final class Backoff {
    private final long initNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(Duration init, Duration max, DoubleSupplier random) {
        if (init.isNegative() || init.isZero() || max.compareTo(init) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < init <= max, got init " + init + " max " + max);
        }
        this.initNanos = init.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** Records one more failure and returns how long to wait before the next attempt. */
    public Duration nextDelay() {
        failures++;
        long base = initNanos;
        for (int i = 1; i < failures && base < maxNanos; i++) {
            base = Math.min(maxNanos, base * 2);
        }
        base = Math.min(base, maxNanos);
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (base - half)));
    }

    /** Forgets the failures after a success. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
