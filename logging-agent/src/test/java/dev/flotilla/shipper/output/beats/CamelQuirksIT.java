package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testkit.Ports;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What camel-lumberjack 4.17.0 does on the wire, probed with raw frames, so the fixture's documented quirks stay
 * true (and a future version that changes them is noticed).
 */
class CamelQuirksIT {

    private static Frame.Json json(int seq, int n) {
        return new Frame.Json(seq, ("{\"log\":{\"file\":{\"path\":\"/q\"},\"offset\":" + n + "}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Frame readOrNull(FrameReader r) throws IOException {
        try {
            return r.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Test
    void oneAckPerWindowNoPartialAcksNoKeepalivesAndCompressionAccepted() throws Exception {
        int port = Ports.free();
        try (CamelBeatsServer server = CamelBeatsServer.start("127.0.0.1", port);
             Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1500);
            FrameReader r = new FrameReader(s.getInputStream(), FrameCodec.Limits.DEFAULT);
            s.getOutputStream().write(FrameCodec.encodeAll(List.of(new Frame.Window(3), json(1, 1), json(2, 2))));
            assertThat(readOrNull(r)).as("no partial ACK after 2 of 3 events, and no keepalive").isNull();
            s.getOutputStream().write(FrameCodec.encodeAll(List.of(json(3, 3),
                    new Frame.Window(2), FrameCodec.compress(List.of(json(1, 4), json(2, 5)), 3))));
            assertThat(r.read()).isEqualTo(new Frame.Ack(3));
            assertThat(r.read()).isEqualTo(new Frame.Ack(2));
            assertThat(server.received().distinct()).isEqualTo(5);
            s.getOutputStream().write(FrameCodec.encode(new Frame.Window(0)));
            assertThat(readOrNull(r)).as("an empty window is never acknowledged").isNull();
        }
    }

    @Test
    void aWindowCutShortIsProcessedButNeverAcknowledged() throws Exception {
        int port = Ports.free();
        try (CamelBeatsServer server = CamelBeatsServer.start("127.0.0.1", port);
             Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1500);
            FrameReader r = new FrameReader(s.getInputStream(), FrameCodec.Limits.DEFAULT);
            s.getOutputStream().write(FrameCodec.encodeAll(List.of(new Frame.Window(2), json(1, 10),
                    new Frame.Window(1), json(1, 11))));
            assertThat(r.read()).as("only the complete second window").isEqualTo(new Frame.Ack(1));
            assertThat(readOrNull(r)).isNull();
            assertThat(server.received().distinct()).isEqualTo(2);
        }
    }
}
