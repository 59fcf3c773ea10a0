package dev.flotilla.shipper.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the JSON writing the hot path needs: string escaping that also validates UTF-8
 * (invalid bytes become U+FFFD), and numbers without allocation. Reused per thread.
 */
public final class ByteSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    /** For ASCII: 0 = copy, 1 = two-character escape, 2 = \\u00XX. */
    private static final byte[] ESCAPE = new byte[128];
    private static final byte[] SHORT = new byte[128];

    static {
        for (int i = 0; i < 0x20; i++) {
            ESCAPE[i] = 2;
        }
        set('"', '"');
        set('\\', '\\');
        set('\n', 'n');
        set('\r', 'r');
        set('\t', 't');
        set('\b', 'b');
        set('\f', 'f');
    }

    private static void set(char c, char shortForm) {
        ESCAPE[c] = 1;
        SHORT[c] = (byte) shortForm;
    }

    private byte[] buf;
    private int len;
    private int replaced;

    public ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    public void clear() {
        len = 0;
        replaced = 0;
    }

    public int length() {
        return len;
    }

    /** Invalid UTF-8 sequences replaced since {@link #clear()}. */
    public int replaced() {
        return replaced;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public byte[] array() {
        return buf;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public ByteSink raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public ByteSink raw(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /** ASCII text written as is (field names and constants we control). */
    public ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteSink number(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** A JSON string of a Java string. */
    public ByteSink string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return string(b, 0, b.length);
    }

    /** A JSON string of UTF-8 bytes: quotes, escapes, and U+FFFD for each maximal invalid subpart. */
    public ByteSink string(byte[] b, int off, int n) {
        ensure(n + 2);
        buf[len++] = '"';
        int i = off;
        int end = off + n;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                int start = i;
                while (i < end && b[i] >= 0 && ESCAPE[b[i]] == 0) {
                    i++;
                }
                int run = i - start;
                if (run > 0) {
                    ensure(run);
                    System.arraycopy(b, start, buf, len, run);
                    len += run;
                    continue;
                }
                escape(c);
                i++;
            } else {
                i = multiByte(b, i, end);
            }
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    private void escape(int c) {
        ensure(6);
        buf[len++] = '\\';
        if (ESCAPE[c] == 1) {
            buf[len++] = SHORT[c];
        } else {
            buf[len++] = 'u';
            buf[len++] = '0';
            buf[len++] = '0';
            buf[len++] = HEX[c >> 4];
            buf[len++] = HEX[c & 0xF];
        }
    }

    /**
     * Copies one valid multi-byte character starting at {@code i}; otherwise writes one U+FFFD for the longest start
     * of a valid sequence found there (at least the one byte), as the Unicode standard recommends ("maximal
     * subparts"): a character cut short by the end of the line, E2 82, is one U+FFFD, not two.
     */
    private int multiByte(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        int need;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            need = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            need = 2;
            lo = lead == 0xE0 ? 0xA0 : 0x80; // below: overlong
            hi = lead == 0xED ? 0x9F : 0xBF; // above: surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            need = 3;
            lo = lead == 0xF0 ? 0x90 : 0x80; // below: overlong
            hi = lead == 0xF4 ? 0x8F : 0xBF; // above: beyond U+10FFFF
        } else {
            return replace(i, 1);
        }
        for (int k = 1; k <= need; k++) {
            if (i + k >= end) {
                return replace(i, k);
            }
            int c = b[i + k] & 0xFF;
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
                return replace(i, k);
            }
        }
        ensure(need + 1);
        System.arraycopy(b, i, buf, len, need + 1);
        len += need + 1;
        return i + need + 1;
    }

    /** One U+FFFD for the {@code n} bytes at {@code i}. */
    private int replace(int i, int n) {
        ensure(3);
        System.arraycopy(REPLACEMENT, 0, buf, len, 3);
        len += 3;
        replaced++;
        return i + n;
    }
}
