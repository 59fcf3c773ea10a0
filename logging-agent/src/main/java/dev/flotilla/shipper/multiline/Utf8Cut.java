package dev.flotilla.shipper.multiline;

/** Where to cut UTF-8 bytes so that no character is split. */
public final class Utf8Cut {
    private Utf8Cut() {
    }

    /** The largest length at most {@code max} that does not end inside a multi-byte character. */
    public static int boundary(byte[] b, int off, int max) {
        int cut = max;
        int back = 0;
        while (cut > 0 && back < 3 && (b[off + cut] & 0xC0) == 0x80) {
            cut--;
            back++;
        }
        return cut;
    }
}
