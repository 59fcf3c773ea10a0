package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.OutBatch;
import java.util.List;
import java.util.concurrent.Future;

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
    /** Its windows being encoded ahead by the {@link EncodePool}; taken (and dropped) by the first send. */
    private Future<List<EncodedWindow>> preEncoded;

    PendingBatch(long id, OutBatch batch, Future<List<EncodedWindow>> preEncoded) {
        this.id = id;
        this.batch = batch;
        this.preEncoded = preEncoded;
    }

    /** The windows encoded ahead, once: null on later calls (a resend encodes what is left on the sender). */
    Future<List<EncodedWindow>> takePreEncoded() {
        Future<List<EncodedWindow>> f = preEncoded;
        preEncoded = null;
        return f;
    }

    int size() {
        return batch.size();
    }

    boolean done() {
        return acked >= batch.size();
    }
}
