package dev.flotilla.shipper.output;

import java.util.List;

/**
 * A batch of events, each one UTF-8 JSON object, and the listener that learns how far the peer has acknowledged
 * it. Event {@code i} is {@code events.get(i)} followed by {@code suffixes.get(i)} when there are suffixes: the
 * agent keeps each event's varying start apart from the constant end it shares with every event of its file, so
 * that the end is not copied per event; {@link #json(int)} joins them. {@code events} is never empty.
 */
public record OutBatch(List<byte[]> events, List<byte[]> suffixes, AckListener listener) {
    public OutBatch {
        events = List.copyOf(events);
        suffixes = List.copyOf(suffixes);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        if (!suffixes.isEmpty() && suffixes.size() != events.size()) {
            throw new IllegalArgumentException("a batch of " + events.size() + " events has " + suffixes.size()
                    + " suffixes: give one per event, or none");
        }
        if (listener == null) {
            throw new IllegalArgumentException("a batch needs an ack listener");
        }
    }

    /** A batch of whole events (no suffixes). */
    public OutBatch(List<byte[]> events, AckListener listener) {
        this(events, List.of(), listener);
    }

    public int size() {
        return events.size();
    }

    /** The shared end of event {@code i}, empty when the event is whole. */
    public byte[] suffix(int i) {
        return suffixes.isEmpty() ? EMPTY : suffixes.get(i);
    }

    /** Event {@code i}'s whole JSON (a new array when it has a suffix). */
    public byte[] json(int i) {
        byte[] head = events.get(i);
        byte[] suffix = suffix(i);
        if (suffix.length == 0) {
            return head;
        }
        byte[] out = java.util.Arrays.copyOf(head, head.length + suffix.length);
        System.arraycopy(suffix, 0, out, head.length, suffix.length);
        return out;
    }

    private static final byte[] EMPTY = new byte[0];
}
