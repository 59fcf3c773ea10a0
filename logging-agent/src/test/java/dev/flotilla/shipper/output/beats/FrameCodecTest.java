package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
    private static final FrameCodec.Limits LIMITS = FrameCodec.Limits.DEFAULT;

    private static List<Frame> decodeAll(byte[] bytes) throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Frame> out = new ArrayList<>();
        while (in.hasRemaining()) {
            Frame f = FrameCodec.decode(in, LIMITS);
            assertThat(f).as("a whole frame at position %d", in.position()).isNotNull();
            out.add(f);
        }
        return out;
    }

    private static Frame.Json json(int seq, String text) {
        return new Frame.Json(seq, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyFrameTypeRoundTrips() throws Exception {
        List<Frame> frames = List.of(new Frame.Window(3), json(1, "{\"a\":1}"), json(2, "{}"), json(3, "{\"é\":\"ü\"}"),
                new Frame.Ack(0), new Frame.Ack(3), FrameCodec.compress(List.of(json(1, "{\"x\":2}")), 6));
        assertThat(decodeAll(FrameCodec.encodeAll(frames))).isEqualTo(frames);
    }

    @Test
    void wireBytesAreBigEndianWithVersionAndTypeLetters() {
        assertThat(FrameCodec.encode(new Frame.Ack(3))).containsExactly('2', 'A', 0, 0, 0, 3);
        assertThat(FrameCodec.encode(new Frame.Window(258))).containsExactly('2', 'W', 0, 0, 1, 2);
        assertThat(FrameCodec.encode(json(7, "{}"))).containsExactly('2', 'J', 0, 0, 0, 7, 0, 0, 0, 2, '{', '}');
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 9})
    void batchEncoderWritesWindowThenNumberedJsonFramesCompressedAtTheLevel(int level) throws Exception {
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(TestBatches.event("/logs/c1/catalina.log", i));
        }
        try (BatchEncoder enc = new BatchEncoder(level)) {
            enc.encode(events, 10, 35);
            List<Frame> frames = decodeAll(Arrays.copyOf(enc.bytes(), enc.length()));
            assertThat(frames.get(0)).isEqualTo(new Frame.Window(25));
            List<Frame> data = frames.subList(1, frames.size());
            if (level > 0) {
                assertThat(frames).hasSize(2);
                data = FrameCodec.inflate((Frame.Compressed) frames.get(1), LIMITS);
                assertThat(((Frame.Compressed) frames.get(1)).zlib()[0] & 0x0f).as("zlib CM=8 (deflate) header")
                        .isEqualTo(8);
            }
            assertThat(data).hasSize(25);
            for (int i = 0; i < 25; i++) {
                assertThat(data.get(i)).isEqualTo(new Frame.Json(i + 1, events.get(10 + i)));
            }
        }
    }

    @Test
    void batchEncoderReusesItsBuffersAcrossWindowsOfDifferentSizes() throws Exception {
        Random r = new Random(42);
        try (BatchEncoder enc = new BatchEncoder(3)) {
            for (int round = 0; round < 20; round++) {
                int n = 1 + r.nextInt(3000);
                List<byte[]> events = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] e = new byte[r.nextInt(2000)];
                    r.nextBytes(e);
                    events.add(e);
                }
                enc.encode(events, 0, n);
                List<Frame> frames = decodeAll(Arrays.copyOf(enc.bytes(), enc.length()));
                List<Frame> data = FrameCodec.inflate((Frame.Compressed) frames.get(1), LIMITS);
                assertThat(data).hasSize(n);
                assertThat(((Frame.Json) data.get(n - 1)).payload()).isEqualTo(events.get(n - 1));
            }
        }
    }

    @Test
    void batchEncoderRefusesAnEmptyWindow() {
        try (BatchEncoder enc = new BatchEncoder(3)) {
            assertThatThrownBy(() -> enc.encode(List.of(new byte[1]), 1, 1))
                    .hasMessageContaining("a window holds at least one event");
        }
    }

    @Test
    void incompleteInputYieldsNothingAndLeavesThePositionAlone() throws Exception {
        byte[] whole = FrameCodec.encode(json(1, "{\"k\":\"v\"}"));
        for (int cut = 0; cut < whole.length; cut++) {
            ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(whole, cut));
            assertThat(FrameCodec.decode(in, LIMITS)).as("cut at %d", cut).isNull();
            assertThat(in.position()).isZero();
        }
    }

    @Test
    void badVersionIsRefusedWithTheByteItSaw() {
        assertThatThrownBy(() -> decodeAll(new byte[] {'G', 'E', 'T', ' '}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("bad version byte 'G' (0x47)").hasMessageContaining("expected '2'");
        assertThatThrownBy(() -> decodeAll(new byte[] {0x16, 0x03, 0x01}))
                .hasMessageContaining("TLS handshake");
        assertThatThrownBy(() -> decodeAll(new byte[] {'1', 'D', 0, 0, 0, 1}))
                .hasMessageContaining("Lumberjack v1");
    }

    @Test
    void unknownTypeIsRefused() {
        assertThatThrownBy(() -> decodeAll(new byte[] {'2', 'X', 0, 0, 0, 1}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown frame type 'X' (0x58)")
                .hasMessageContaining("expected 'W' (window), 'J' (JSON), 'C' (compressed) or 'A' (ACK)");
        assertThatThrownBy(() -> decodeAll(new byte[] {'2', 'D', 0, 0, 0, 1})).hasMessageContaining("v1 data frame");
    }

    @Test
    void oversizeLengthsAreRefusedBeforeAnythingIsBuffered() {
        FrameCodec.Limits small = new FrameCodec.Limits(100, 200, 1000, 10);
        ByteBuffer json = ByteBuffer.wrap(new byte[] {'2', 'J', 0, 0, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThatThrownBy(() -> FrameCodec.decode(json, small))
                .hasMessageContaining("the JSON frame declares 2147483647 bytes, more than the limit of 100 bytes");
        ByteBuffer negative = ByteBuffer.wrap(new byte[] {'2', 'C', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
        assertThatThrownBy(() -> FrameCodec.decode(negative, small))
                .hasMessageContaining("the compressed frame declares 4294967280 bytes");
        ByteBuffer window = ByteBuffer.wrap(FrameCodec.encode(new Frame.Window(11)));
        assertThatThrownBy(() -> FrameCodec.decode(window, small)).hasMessageContaining("the window 11 is larger than 10");
    }

    @Test
    void inflatedSizeIsBounded() {
        Frame.Compressed c = FrameCodec.compress(List.of(json(1, "{\"m\":\"" + "a".repeat(5000) + "\"}")), 9);
        assertThatThrownBy(() -> FrameCodec.inflate(c, new FrameCodec.Limits(100_000, 100_000, 1000, 10)))
                .hasMessageContaining("inflates to more than 1000 bytes");
    }

    @Test
    void badZlibIsRefused() {
        assertThatThrownBy(() -> FrameCodec.inflate(new Frame.Compressed(new byte[] {1, 2, 3, 4, 5, 6}), LIMITS))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a valid zlib (RFC 1950) stream");
        byte[] good = FrameCodec.compress(List.of(json(1, "{\"a\":1}")), 3).zlib();
        assertThatThrownBy(() -> FrameCodec.inflate(new Frame.Compressed(Arrays.copyOf(good, good.length - 3)), LIMITS))
                .hasMessageContaining("truncated");
        byte[] extra = Arrays.copyOf(good, good.length + 2);
        assertThatThrownBy(() -> FrameCodec.inflate(new Frame.Compressed(extra), LIMITS))
                .hasMessageContaining("2 bytes after the end of its zlib stream");
    }

    @Test
    void aCompressedFrameMustHoldWholeFramesAndNoNestedCompression() {
        byte[] half = Arrays.copyOf(FrameCodec.encode(json(1, "{\"a\":1}")), 7);
        assertThatThrownBy(() -> FrameCodec.inflate(new Frame.Compressed(FrameCodec.deflate(half, 3)), LIMITS))
                .hasMessageContaining("ends inside a frame");
        Frame.Compressed inner = FrameCodec.compress(List.of(json(1, "{}")), 3);
        Frame.Compressed outer = FrameCodec.compress(List.of(inner), 3);
        assertThatThrownBy(() -> FrameCodec.inflate(outer, LIMITS)).hasMessageContaining("'C' frame inside a compressed frame");
    }

    @Test
    void frameReaderReadsAcrossArbitraryChunksAndReportsACutFrame() throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            frames.add(json(i, "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i * 7) + "\"}"));
        }
        byte[] bytes = FrameCodec.encodeAll(frames);
        FrameReader r = new FrameReader(new TricklingStream(bytes, 13), LIMITS);
        for (Frame f : frames) {
            assertThat(r.read()).isEqualTo(f);
        }
        assertThat(r.read()).isNull();
        int firstLength = FrameCodec.encode(frames.get(0)).length;
        FrameReader cut = new FrameReader(new ByteArrayInputStream(Arrays.copyOf(bytes, firstLength + 12)), LIMITS);
        assertThat(cut.read()).isEqualTo(frames.get(0));
        assertThatThrownBy(cut::read).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("the connection ended inside a frame").hasMessageContaining("'J' frame");
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network would. */
    private static final class TricklingStream extends ByteArrayInputStream {
        private final int chunk;

        TricklingStream(byte[] b, int chunk) {
            super(b);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
