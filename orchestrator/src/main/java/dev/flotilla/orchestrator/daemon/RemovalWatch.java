package dev.flotilla.orchestrator.daemon;

/**
 * Tells a node removed from the cluster ({@code node rm --force} while it runs) from a passing refusal: a node that
 * was accepted before and whose heartbeats have been refused (credential unknown) for {@link #REMOVED_AFTER_MILLIS}
 * is removed. It then stops its containers and leaves, as a node does on {@code leave}: the cluster has replaced its
 * tasks elsewhere, and a slot must not keep two running containers. Refusals are logged once a minute, not once a
 * heartbeat. Pure: fed with the time.
 */
final class RemovalWatch {
    static final long REMOVED_AFTER_MILLIS = 10_000;
    static final long LOG_EVERY_MILLIS = 60_000;

    enum Step {
        /** Say it (first refusal, or a minute since the last line). */
        LOG,
        /** Already said. */
        QUIET,
        /** The node has been removed: stop its containers and leave. */
        REMOVED
    }

    private boolean accepted;
    private long refusedSince = -1;
    private long lastLog = Long.MIN_VALUE;
    private boolean removed;

    /** A heartbeat was taken. */
    synchronized void accepted() {
        accepted = true;
        refusedSince = -1;
    }

    /** A heartbeat was refused because the cluster does not know this node's credential. */
    synchronized Step refused(long now) {
        if (refusedSince < 0) {
            refusedSince = now;
        }
        if (accepted && !removed && now - refusedSince >= REMOVED_AFTER_MILLIS) {
            removed = true;
            return Step.REMOVED;
        }
        if (lastLog == Long.MIN_VALUE || now - lastLog >= LOG_EVERY_MILLIS) {
            lastLog = now;
            return Step.LOG;
        }
        return Step.QUIET;
    }
}
