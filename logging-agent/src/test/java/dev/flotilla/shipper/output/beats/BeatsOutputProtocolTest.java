package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's protocol behaviour against scripted servers (keepalives, silence, partial and bad ACKs), which no
 * real server here can be made to do on demand. Real sockets on loopback; the script is the only fake.
 */
class BeatsOutputProtocolTest {
    private static final String PATH = "/logs/c2/localhost.log";

    private static BeatsOutput output(FakeBeatsServer server, Duration timeout, int pipelining) {
        return new BeatsOutput(BeatsOutputConfig.builder(BeatsOutputConfig.parseHosts(List.of(server.address())))
                .timeout(timeout).pipelining(pipelining).backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build()).start();
    }

    private static long offsetOf(Frame.Json j) {
        String s = j.text();
        int i = s.indexOf("\"offset\":") + 9;
        return Long.parseLong(s.substring(i, s.indexOf('}', i)));
    }

    @Test
    void keepalivesFromASlowServerResetTheTimeout() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                for (int i = 0; i < 8; i++) {
                    Thread.sleep(150); // workload: a server 1.2 s slow per window, sending a keepalive every 150 ms
                    peer.ack(0);
                }
                peer.ack(w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofMillis(600), 1)) {
            TestBatches batches = new TestBatches();
            out.publish(batches.batch(PATH, 0, 10));
            out.publish(batches.batch(PATH, 1, 10));
            assertThat(out.awaitAllAcked(20, TimeUnit.SECONDS)).isTrue();
            BeatsStats s = out.stats();
            assertThat(s.timeouts()).as("1.2 s per window, but a keepalive every 150 ms").isZero();
            assertThat(s.keepalives()).isGreaterThanOrEqualTo(16);
            assertThat(s.connects()).isEqualTo(1);
            assertThat(s.eventsResent()).isZero();
            assertThat(server.windows()).hasSize(2);
            assertThat(server.problems()).isEmpty();
        }
    }

    @Test
    void aServerThatNeverAcknowledgesTimesOutAndTheWholeWindowIsResentOnANewConnection() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                if (peer.number() > 1) {
                    peer.ack(w.size());
                }
            }
        }); BeatsOutput out = output(server, Duration.ofMillis(400), 2)) {
            TestBatches batches = new TestBatches();
            out.publish(batches.batch(PATH, 0, 30));
            out.publish(batches.batch(PATH, 1, 30));
            assertThat(out.awaitAllAcked(20, TimeUnit.SECONDS)).isTrue();
            BeatsStats s = out.stats();
            assertThat(s.timeouts()).isEqualTo(1);
            assertThat(s.reconnects()).isEqualTo(1);
            assertThat(s.eventsResent()).isEqualTo(60);
            List<FakeBeatsServer.Received> ws = server.windows();
            assertThat(ws).extracting(FakeBeatsServer.Received::connection).containsExactly(1, 1, 2, 2);
            assertThat(ws.get(2).events()).isEqualTo(ws.get(0).events());
            assertThat(ws.get(3).events()).isEqualTo(ws.get(1).events());
            assertThat(ws).allMatch(FakeBeatsServer.Received::compressed);
            assertThat(batches.violations()).isEmpty();
            assertThat(server.problems()).isEmpty();
        }
    }

    @Test
    void partialAcksAreProgressAndOnlyTheUnacknowledgedRestIsResentAsAFreshWindow() throws Exception {
        TestBatches batches = new TestBatches();
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                if (peer.number() == 1) {
                    peer.ack(25);
                    peer.ack(40);
                    // the connection fails only once the client has taken both partial ACKs as progress
                    Await.until("the client heard 40", Duration.ofSeconds(10), () -> batches.heard(0).contains(40));
                    peer.close();
                    return;
                }
                peer.ack(w.size() / 2);
                peer.ack(w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofSeconds(5), 1)) {
            out.publish(batches.batch(PATH, 0, 100));
            assertThat(out.awaitAllAcked(20, TimeUnit.SECONDS)).isTrue();
            assertThat(batches.heard(0)).containsExactly(25, 40, 70, 100);
            List<FakeBeatsServer.Received> ws = server.windows();
            assertThat(ws).hasSize(2);
            assertThat(ws.get(1).events()).hasSize(60);
            assertThat(offsetOf(ws.get(1).events().get(0))).as("the resent window starts at the first unacked event")
                    .isEqualTo(40);
            assertThat(ws.get(1).events().get(0).seq()).isEqualTo(1);
            assertThat(out.stats().eventsResent()).isEqualTo(60);
            assertThat(server.problems()).isEmpty();
        }
    }

    @Test
    void anAckAboveTheWindowIsAProtocolErrorThatClosesTheConnection() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                peer.ack(peer.number() == 1 ? w.size() + 1 : w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofSeconds(5), 1)) {
            TestBatches batches = new TestBatches();
            out.publish(batches.batch(PATH, 0, 10));
            assertThat(out.awaitAllAcked(20, TimeUnit.SECONDS)).isTrue();
            assertThat(batches.heard(0)).containsExactly(10);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(out.stats().connectionFailures()).isEqualTo(1);
        }
    }

    @Test
    void uncompressedLevelSendsBareJsonFramesAndPipelinesWindows() throws Exception {
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> first = peer.readWindow();
            List<Frame.Json> second = first == null ? null : peer.readWindow();
            if (second != null) {
                peer.ack(first.size());
                peer.ack(second.size());
            }
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                peer.ack(w.size());
            }
        }); BeatsOutput out = new BeatsOutput(BeatsOutputConfig.builder(BeatsOutputConfig.parseHosts(
                List.of(server.address()))).compressionLevel(0).pipelining(2).build()).start()) {
            TestBatches batches = new TestBatches();
            for (int i = 0; i < 5; i++) {
                out.publish(batches.batch(PATH, i, 7));
            }
            assertThat(out.awaitAllAcked(20, TimeUnit.SECONDS))
                    .as("the server answers only once two windows are in flight").isTrue();
            assertThat(server.windows()).hasSize(5).noneMatch(FakeBeatsServer.Received::compressed);
            assertThat(server.problems()).isEmpty();
            assertThat(batches.violations()).isEmpty();
        }
    }

    @Test
    void publishBlocksWhilePipeliningPlusEncodersBatchesAreOutstanding() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (FakeBeatsServer server = new FakeBeatsServer(peer -> {
            List<Frame.Json> w;
            while ((w = peer.readWindow()) != null) {
                release.await();
                peer.ack(w.size());
            }
        }); BeatsOutput out = output(server, Duration.ofSeconds(30), 2)) {
            int limit = out.outstandingLimit();
            assertThat(limit).as("2 windows in flight + min(2, cores) encoding ahead")
                    .isEqualTo(2 + Math.min(2, Runtime.getRuntime().availableProcessors()));
            TestBatches batches = new TestBatches();
            for (int i = 0; i < limit; i++) {
                out.publish(batches.batch(PATH, i, 5));
            }
            Thread last = new Thread(() -> {
                try {
                    out.publish(batches.batch(PATH, limit, 5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            last.start();
            // positive signals that both limits are reached: the extra publish waits for room, and the sender holds
            // a ready batch back because its connection has its two windows in flight
            Await.until("the extra publish and the sender wait", Duration.ofSeconds(10),
                    () -> out.publishersWaiting() == 1 && out.sendersAtLimit() == 1);
            assertThat(last.isAlive()).as("one more publish waits for room").isTrue();
            assertThat(out.stats().windowsSent()).as("no more than pipelining windows go out before an ACK")
                    .isEqualTo(2);
            release.countDown();
            last.join(10_000);
            assertThat(last.isAlive()).isFalse();
            assertThat(out.awaitAllAcked(10, TimeUnit.SECONDS)).isTrue();
            Await.until("all batches acked", Duration.ofSeconds(5), () -> batches.batchesCompleted() == limit + 1);
            assertThat(batches.violations()).isEmpty();
        }
    }
}
