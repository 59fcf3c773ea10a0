package dev.flotilla.shipper.output;

/** Progress of one batch. */
@FunctionalInterface
public interface AckListener {
    /**
     * Called with the number of leading events of the batch the peer has acknowledged so far: strictly increasing
     * between calls, ending at the batch size. A resend after a failure never reports fewer than before.
     */
    void acked(int cumulative);
}
