package dev.flotilla.shipper.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.shipper.output.beats.Frame;
import dev.flotilla.shipper.output.beats.FrameCodec;
import dev.flotilla.shipper.output.beats.FrameReader;
import dev.flotilla.shipper.text.HostPort;
import dev.flotilla.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's protocol handling, driven by raw frames over real loopback sockets. */
class BeatsReceiverTest {

    private static Frame.Json json(int seq, String text) {
        return new Frame.Json(seq, text.getBytes(StandardCharsets.UTF_8));
    }

    private static BeatsReceiver start(Path dir) throws IOException {
        return BeatsReceiver.start(ReceiverConfig.plain(new HostPort("127.0.0.1", 0), dir.resolve("events.ndjson")));
    }

    private static Socket connect(BeatsReceiver r) throws IOException {
        Socket s = new Socket("127.0.0.1", r.address().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static List<Frame> readUntilClosed(InputStream in) {
        List<Frame> out = new ArrayList<>();
        FrameReader reader = new FrameReader(in, FrameCodec.Limits.DEFAULT);
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                out.add(f);
            }
        } catch (IOException e) {
            // reset by the receiver: what was read so far is the answer
        }
        return out;
    }

    @Test
    void compressedAndPlainWindowsAreWrittenThenAcknowledged(@TempDir Path dir) throws Exception {
        try (BeatsReceiver r = start(dir); Socket s = connect(r)) {
            Frame.Compressed c = FrameCodec.compress(List.of(json(1, "{\"n\":1}"), json(2, "{\"n\":2}")), 3);
            s.getOutputStream().write(FrameCodec.encodeAll(List.of(new Frame.Window(2), c)));
            FrameReader reader = new FrameReader(s.getInputStream(), FrameCodec.Limits.DEFAULT);
            assertThat(reader.read()).isEqualTo(new Frame.Ack(2));
            assertThat(Files.readAllLines(dir.resolve("events.ndjson"))).as("written before the ACK")
                    .containsExactly("{\"n\":1}", "{\"n\":2}");
            s.getOutputStream().write(FrameCodec.encodeAll(List.of(new Frame.Window(1), json(1, "{\"n\":3}"),
                    new Frame.Window(0))));
            assertThat(reader.read()).isEqualTo(new Frame.Ack(1));
            assertThat(reader.read()).as("an empty window gets ACK 0").isEqualTo(new Frame.Ack(0));
            assertThat(Files.readAllLines(dir.resolve("events.ndjson"))).hasSize(3);
            assertThat(r.stats().events()).isEqualTo(3);
        }
    }

    @Test
    void garbageClosesThatConnectionOnlyWithTheReasonCounted(@TempDir Path dir) throws Exception {
        try (BeatsReceiver r = start(dir); Socket good = connect(r); Socket bad = connect(r)) {
            bad.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(bad.getInputStream())).isEmpty();
            Await.until("the refusal is counted", Duration.ofSeconds(5), () -> r.stats().refused() == 1);
            good.getOutputStream().write(FrameCodec.encodeAll(List.of(new Frame.Window(1), json(1, "{\"ok\":true}"))));
            assertThat(new FrameReader(good.getInputStream(), FrameCodec.Limits.DEFAULT).read())
                    .isEqualTo(new Frame.Ack(1));
        }
    }

    @Test
    void gapsWindowsCutShortBadJsonAndAcksFromClientsAreRefusedWithoutWritingTheBadWindow(@TempDir Path dir)
            throws Exception {
        List<List<Frame>> attacks = List.of(
                List.of(new Frame.Window(3), json(1, "{}"), json(3, "{}")),
                List.of(new Frame.Window(3), json(1, "{}"), new Frame.Window(1), json(1, "{}")),
                List.of(new Frame.Window(1), json(1, "{not json")),
                List.of(json(1, "{}")),
                List.of(new Frame.Ack(1)),
                List.of(new Frame.Window(1), new Frame.Compressed(new byte[] {1, 2, 3})));
        try (BeatsReceiver r = start(dir)) {
            for (List<Frame> attack : attacks) {
                try (Socket s = connect(r)) {
                    s.getOutputStream().write(FrameCodec.encodeAll(attack));
                    assertThat(readUntilClosed(s.getInputStream())).as("no ACK for %s", attack).isEmpty();
                }
            }
            Await.until("every attack refused", Duration.ofSeconds(5), () -> r.stats().refused() == attacks.size());
            assertThat(r.stats().events()).isZero();
        }
        assertThat(Files.size(dir.resolve("events.ndjson"))).isZero();
    }
}
