package dev.flotilla.shipper.multiline;

/** A reusable view of ASCII bytes as characters, so a pattern can be matched without decoding a String. */
final class AsciiSequence implements CharSequence {
    private byte[] buf;
    private int off;
    private int len;

    AsciiSequence reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    static boolean isAscii(byte[] buf, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) buf[off + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(buf, off + start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
