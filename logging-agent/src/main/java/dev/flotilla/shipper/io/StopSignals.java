package dev.flotilla.shipper.io;

/**
 * SIGTERM and SIGINT as a request to stop: the command finishes its orderly stop on its own thread and exits 0, as
 * Filebeat and rsyslog do, instead of the JVM's default of running shutdown hooks and exiting 143 (130 for Ctrl-C),
 * which service managers and scripts read as a failure.
 */
public final class StopSignals {
    private StopSignals() {
    }

    /**
     * Runs {@code onStop} (once per signal; it must be idempotent and quick) when SIGTERM or SIGINT arrives. Returns
     * false when the JVM does not let us handle them (e.g. started with -Xrs); the caller then relies on a shutdown
     * hook and the JVM's exit status.
     */
    public static boolean install(Runnable onStop) {
        boolean term = false;
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> onStop.run());
                term |= name.equals("TERM");
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal reserved by the JVM or unknown on this platform: the shutdown hook covers it
            }
        }
        return term;
    }
}
