package dev.flotilla.shipper.output.beats;

/** The wire bytes of one window: events {@code [base, base + count)} of a batch as {@code W} + {@code C} frames. */
record EncodedWindow(int base, int count, byte[] bytes) {
}
