package dev.flotilla.shipper.output.beats;

/** One window written on a connection: events {@code [base, base + count)} of a batch, numbered 1..count. */
record InFlight(PendingBatch batch, int base, int count) {
}
