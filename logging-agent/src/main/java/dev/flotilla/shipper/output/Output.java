package dev.flotilla.shipper.output;

/**
 * Where acknowledged delivery happens. The pipeline hands batches of encoded events to an output; the output owns
 * every retry: a batch is resent (as a whole, on a fresh connection) until the peer has acknowledged every event
 * in it, or until {@link #close()}. Nothing is ever dropped by an output.
 */
public interface Output extends AutoCloseable {

    /**
     * Queues a batch for sending. Blocks while the output's in-flight limit is reached: this is the back-pressure
     * that finally pauses the harvesters. Batches are acknowledged in the order they were published.
     */
    void publish(OutBatch batch) throws InterruptedException;

    /** Stops sending; batches not yet acknowledged are simply not acknowledged (they are resent after restart). */
    @Override
    void close();
}
