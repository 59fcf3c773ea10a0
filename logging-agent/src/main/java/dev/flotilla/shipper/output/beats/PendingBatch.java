package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.OutBatch;

/** A published batch and how far it got. Mutable fields are guarded by {@link Dispatch#lock}. */
final class PendingBatch {
    final long id;
    final OutBatch batch;
    /** Leading events the peer has acknowledged. */
    int acked;
    /** The last count given to the batch's listener. */
    int reported;
    /** How many times it was handed to a connection. */
    int sends;

    PendingBatch(long id, OutBatch batch) {
        this.id = id;
        this.batch = batch;
    }

    int size() {
        return batch.size();
    }

    boolean done() {
        return acked >= batch.size();
    }
}
