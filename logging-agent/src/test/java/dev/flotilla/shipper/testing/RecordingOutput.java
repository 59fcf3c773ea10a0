package dev.flotilla.shipper.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.shipper.output.OutBatch;
import dev.flotilla.shipper.output.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small real output for in-process tests: it keeps every event it is given (parsed back from its JSON) and
 * acknowledges the batch, or, while {@link #block() blocked}, holds batches unacknowledged and makes
 * {@link #publish} wait once {@code maxHeld} are held, as a Beats client does when Logstash is down.
 */
public final class RecordingOutput implements Output {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final ArrayDeque<OutBatch> held = new ArrayDeque<>();
    private final int maxHeld;
    private boolean blocked;
    private boolean closed;

    public RecordingOutput(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    @Override
    public synchronized void publish(OutBatch batch) throws InterruptedException {
        while (blocked && held.size() >= maxHeld && !closed) {
            wait(50);
        }
        if (closed) {
            return;
        }
        if (blocked) {
            held.addLast(batch);
            return;
        }
        deliver(batch);
    }

    private void deliver(OutBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
            byte[] e = batch.json(i);
            try {
                events.add(JSON.readValue(e, new TypeReference<Map<String, Object>>() { }));
            } catch (IOException ex) {
                throw new UncheckedIOException("the agent produced invalid JSON: " + new String(e, java.nio.charset.StandardCharsets.UTF_8), ex);
            }
        }
        batch.listener().acked(batch.size());
    }

    public synchronized void block() {
        blocked = true;
    }

    /** Delivers and acknowledges what was held, then lets batches through. */
    public synchronized void unblock() {
        blocked = false;
        while (!held.isEmpty()) {
            deliver(held.pollFirst());
        }
        notifyAll();
    }

    public synchronized int heldBatches() {
        return held.size();
    }

    public synchronized List<Map<String, Object>> events() {
        return new ArrayList<>(events);
    }

    public synchronized int size() {
        return events.size();
    }

    /** Records again after {@link #close()}: for a test that stops the agent and starts a new one on the same record. */
    public synchronized void reopen() {
        closed = false;
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
