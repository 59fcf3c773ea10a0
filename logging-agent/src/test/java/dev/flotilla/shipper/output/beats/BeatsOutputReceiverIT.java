package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.shipper.receive.BeatsReceiver;
import dev.flotilla.shipper.receive.ReceiveCommand;
import dev.flotilla.shipper.receive.ReceiverConfig;
import dev.flotilla.shipper.text.HostPort;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.ChildJvm;
import dev.flotilla.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against our own receiver: in this JVM, and as a separate process killed with SIGKILL mid-stream. */
class BeatsOutputReceiverIT {
    private static final String PATH = "/logs/c3/catalina.log";

    @Test
    void manyPipelinedBatchesAllLandInTheFileOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.ndjson");
        int n = 150;
        int size = 400;
        try (BeatsReceiver r = BeatsReceiver.start(ReceiverConfig.plain(new HostPort("127.0.0.1", 0), file));
             BeatsOutput out = new BeatsOutput(BeatsOutputCamelIT.config("127.0.0.1:" + r.address().getPort())
                     .pipelining(4).build()).start()) {
            TestBatches batches = new TestBatches();
            for (int b = 0; b < n; b++) {
                out.publish(batches.batch(PATH, b, size));
            }
            assertThat(out.awaitAllAcked(60, TimeUnit.SECONDS)).isTrue();
            assertThat(batches.violations()).isEmpty();
            assertThat(r.stats().events()).isEqualTo((long) n * size);
        }
        ReceivedEvents got = ReceivedEvents.fromNdjson(file);
        assertThat(got.missing(PATH, BeatsOutputCamelIT.range((long) n * size))).isEmpty();
        assertThat(got.duplicates()).isZero();
    }

    @Test
    void aSlowDiskMakesTheReceiverSendKeepalivesAndTheClientWaitsInsteadOfTimingOut(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("events.ndjson");
        ReceiverConfig slow = new ReceiverConfig(new HostPort("127.0.0.1", 0), file, Duration.ofMillis(100),
                Duration.ofSeconds(60), Duration.ofMillis(1500), 8, FrameCodec.Limits.DEFAULT, null, null, List.of());
        try (BeatsReceiver r = BeatsReceiver.start(slow);
             BeatsOutput out = new BeatsOutput(BeatsOutputCamelIT.config("127.0.0.1:" + r.address().getPort())
                     .timeout(Duration.ofMillis(700)).pipelining(1).build()).start()) {
            TestBatches batches = new TestBatches();
            for (int b = 0; b < 3; b++) {
                out.publish(batches.batch(PATH, b, 100));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            BeatsStats s = out.stats();
            assertThat(s.timeouts()).as("fsyncs 1.5 s apart, a 0.7 s timeout, keepalives every 0.1 s").isZero();
            assertThat(s.keepalives()).isGreaterThanOrEqualTo(10);
            assertThat(r.stats().keepalives()).isGreaterThanOrEqualTo(s.keepalives());
            assertThat(s.eventsResent()).isZero();
            assertThat(r.journal().syncs()).isLessThanOrEqualTo(4);
        }
        assertThat(ReceivedEvents.fromNdjson(file).missing(PATH, BeatsOutputCamelIT.range(300))).isEmpty();
    }

    @Test
    void receiverKilledWithSigkillMidStreamThenRestartedLosesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.ndjson");
        int port = Ports.free();
        int n = 300;
        int size = 500;
        ChildJvm first = receiver(dir, file, port, "first");
        try (BeatsOutput out = new BeatsOutput(BeatsOutputCamelIT.config("127.0.0.1:" + port).pipelining(4)
                .timeout(Duration.ofSeconds(5)).build()).start()) {
            TestBatches batches = new TestBatches();
            Thread publisher = BeatsOutputCamelIT.publishInBackground(out, batches, PATH, n, size);
            Await.until("a third of the events acknowledged", Duration.ofSeconds(60),
                    () -> batches.eventsAcked() >= n * size / 3);
            long failuresBefore = out.stats().connectFailures();
            first.sigkill();
            int ackedAtKill = batches.eventsAcked();
            Await.until("the output failed to reconnect to the killed receiver", Duration.ofSeconds(30),
                    () -> out.stats().connectFailures() > failuresBefore);
            String logs;
            try (ChildJvm second = receiver(dir, file, port, "second")) {
                publisher.join(180_000);
                assertThat(out.awaitAllAcked(180, TimeUnit.SECONDS)).as("all acknowledged after the restart").isTrue();
                second.stop(10);
                logs = first.output() + "\n---\n" + second.output();
            }
            ReceivedEvents got = ReceivedEvents.fromNdjson(file);
            assertThat(got.missing(PATH, BeatsOutputCamelIT.range((long) n * size)))
                    .as("%d lines in %s; receivers said:%n%s", got.total(), file, logs).isEmpty();
            assertThat(batches.violations()).isEmpty();
            BeatsStats s = out.stats();
            assertThat(s.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(got.duplicates()).isLessThanOrEqualTo((int) s.eventsResent());
            System.out.printf("sigkill: acked %d at kill; %d lines, %d duplicates, %d resent, %d reconnects%n",
                    ackedAtKill, got.total(), got.duplicates(), s.eventsResent(), s.reconnects());
        } finally {
            first.close();
        }
    }

    static ChildJvm receiver(Path dir, Path file, int port, String name) throws Exception {
        Path log = dir.resolve("receiver-" + name + ".log");
        ChildJvm jvm = ChildJvm.start("receive-" + name, System.getProperty("java.class.path"), List.of("-Xmx256m"),
                ReceiveCommand.class.getName(), List.of("--listen", "127.0.0.1:" + port, "--out", file.toString()),
                Map.of(), log);
        Await.until("receiver " + name + " listening", Duration.ofSeconds(30), () -> {
            if (!jvm.isAlive()) {
                throw new AssertionError("receiver exited: " + jvm.output());
            }
            return jvm.output().contains("listening on 127.0.0.1:" + port);
        });
        return jvm;
    }

    static long lines(Path file) throws Exception {
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }
}
