package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against a Beats server written by someone else: Apache Camel's Lumberjack server. */
class BeatsOutputCamelIT {
    private static final String PATH = "/logs/c1/catalina.log";

    static BeatsOutputConfig.Builder config(String... hosts) {
        return BeatsOutputConfig.builder(BeatsOutputConfig.parseHosts(List.of(hosts)))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).timeout(Duration.ofSeconds(10));
    }

    static List<Long> range(long n) {
        return LongStream.range(0, n).boxed().toList();
    }

    @ParameterizedTest(name = "compression {0}, pipelining {1}")
    @CsvSource({"3, 4", "0, 1", "9, 2"})
    void manyPipelinedBatchesAllArriveOnceAndAreAcknowledgedInOrder(int level, int pipelining) throws Exception {
        int port = Ports.free();
        try (CamelBeatsServer server = CamelBeatsServer.start("127.0.0.1", port);
             BeatsOutput out = new BeatsOutput(config("127.0.0.1:" + port).compressionLevel(level)
                     .pipelining(pipelining).bulkMaxSize(300).build()).start()) {
            TestBatches batches = new TestBatches();
            int n = 120;
            int size = 250;
            for (int b = 0; b < n; b++) {
                out.publish(batches.batch(PATH, b, size));
            }
            assertThat(out.awaitAllAcked(60, TimeUnit.SECONDS)).as("all batches acknowledged").isTrue();
            ReceivedEvents got = server.received();
            assertThat(got.missing(PATH, range((long) n * size))).isEmpty();
            assertThat(got.duplicates()).isZero();
            assertThat(batches.violations()).isEmpty();
            assertThat(batches.eventsAcked()).isEqualTo(n * size);
            BeatsStats s = out.stats();
            assertThat(s.eventsAcked()).isEqualTo((long) n * size);
            assertThat(s.eventsSent()).isEqualTo((long) n * size);
            assertThat(s.batchesAcked()).isEqualTo(n);
            assertThat(s.windowsSent()).as("each batch fits one window of at most 300").isEqualTo(n);
            assertThat(s.connects()).isEqualTo(1);
            assertThat(s.connectedHosts()).containsExactly("127.0.0.1:" + port);
        }
    }

    @Test
    void aBatchLargerThanBulkMaxSizeGoesAsSeveralWindows() throws Exception {
        int port = Ports.free();
        try (CamelBeatsServer server = CamelBeatsServer.start("127.0.0.1", port);
             BeatsOutput out = new BeatsOutput(config("127.0.0.1:" + port).bulkMaxSize(100).build()).start()) {
            TestBatches batches = new TestBatches();
            out.publish(batches.batch(PATH, 0, 1050));
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.received().missing(PATH, range(1050))).isEmpty();
            assertThat(out.stats().windowsSent()).isEqualTo(11);
            assertThat(batches.heard(0)).as("progress per acknowledged window").hasSize(11).endsWith(1050);
            assertThat(batches.violations()).isEmpty();
        }
    }

    @Test
    void serverStoppedMidStreamAndRestartedLosesNothing() throws Exception {
        int port = Ports.free();
        int n = 200;
        int size = 200;
        try (CamelBeatsServer server = CamelBeatsServer.start("127.0.0.1", port);
             BeatsOutput out = new BeatsOutput(config("127.0.0.1:" + port).pipelining(4).build()).start()) {
            server.ackDelay(Duration.ofNanos(20_000));
            TestBatches batches = new TestBatches();
            Thread publisher = publishInBackground(out, batches, PATH, n, size);
            assertThat(server.received().awaitDistinct(n * size / 4, Duration.ofSeconds(60))).isTrue();
            long failuresBefore = out.stats().connectFailures();
            server.stop();
            Await.until("the output failed to reconnect while the server is down", Duration.ofSeconds(30),
                    () -> out.stats().connectFailures() >= failuresBefore + 2);
            server.startAgain();
            publisher.join(120_000);
            assertThat(out.awaitAllAcked(120, TimeUnit.SECONDS)).as("all acknowledged after the restart").isTrue();
            ReceivedEvents got = server.received();
            assertThat(got.missing(PATH, range((long) n * size))).isEmpty();
            assertThat(batches.violations()).isEmpty();
            BeatsStats s = out.stats();
            assertThat(s.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(s.connectionFailures()).isGreaterThanOrEqualTo(1);
            assertThat(got.duplicates()).as("duplicates are at most the resent events").isLessThanOrEqualTo((int) s.eventsResent());
            System.out.printf("restart: %d events, %d duplicates, %d resent, %d reconnects%n", got.total(),
                    got.duplicates(), s.eventsResent(), s.reconnects());
        }
    }

    @Test
    void serverDownForAWhileThenUpGetsEverythingAfterBackingOff() throws Exception {
        int port = Ports.free();
        try (BeatsOutput out = new BeatsOutput(config("127.0.0.1:" + port)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(800)).build()).start()) {
            TestBatches batches = new TestBatches();
            out.publish(batches.batch(PATH, 0, 100));
            out.publish(batches.batch(PATH, 1, 100));
            Await.until("several failed connection attempts", Duration.ofSeconds(20),
                    () -> out.stats().connectFailures() >= 4);
            assertThat(batches.eventsAcked()).isZero();
            try (CamelBeatsServer server = CamelBeatsServer.start("127.0.0.1", port)) {
                assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
                assertThat(server.received().missing(PATH, range(200))).isEmpty();
                assertThat(server.received().duplicates()).isZero();
            }
        }
    }

    @Test
    void failoverMovesToTheOtherHostWhenTheActiveOneStops() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        int n = 60;
        int size = 100;
        try (CamelBeatsServer a = CamelBeatsServer.start("127.0.0.1", portA);
             CamelBeatsServer b = CamelBeatsServer.start("127.0.0.1", portB);
             BeatsOutput out = new BeatsOutput(config("127.0.0.1:" + portA, "127.0.0.1:" + portB).build()).start()) {
            TestBatches batches = new TestBatches();
            for (int i = 0; i < n / 2; i++) {
                out.publish(batches.batch(PATH, i, size));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            CamelBeatsServer active = a.received().total() > 0 ? a : b;
            CamelBeatsServer other = active == a ? b : a;
            assertThat(other.received().total()).as("failover uses one host at a time").isZero();
            active.stop();
            for (int i = n / 2; i < n; i++) {
                out.publish(batches.batch(PATH, i, size));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            ReceivedEvents all = new ReceivedEvents();
            for (CamelBeatsServer s : List.of(a, b)) {
                for (String json : s.rawEvents()) {
                    all.add(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, java.util.Map.class), json);
                }
            }
            assertThat(all.missing(PATH, range((long) n * size))).isEmpty();
            assertThat(other.received().total()).isGreaterThanOrEqualTo(n / 2 * size);
            assertThat(batches.violations()).isEmpty();
        }
    }

    @Test
    void loadBalancingUsesEveryHost() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        try (CamelBeatsServer a = CamelBeatsServer.start("127.0.0.1", portA);
             CamelBeatsServer b = CamelBeatsServer.start("127.0.0.1", portB);
             BeatsOutput out = new BeatsOutput(config("127.0.0.1:" + portA, "127.0.0.1:" + portB)
                     .loadbalance(true).pipelining(1).build()).start()) {
            a.ackDelay(Duration.ofNanos(100_000));
            b.ackDelay(Duration.ofNanos(100_000));
            TestBatches batches = new TestBatches();
            Await.until("both hosts connected", Duration.ofSeconds(10), () -> out.stats().connectedHosts().size() == 2);
            for (int i = 0; i < 40; i++) {
                out.publish(batches.batch(PATH, i, 100));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            assertThat(a.received().total()).isPositive();
            assertThat(b.received().total()).isPositive();
            assertThat(a.received().total() + b.received().total()).isEqualTo(4000);
            assertThat(batches.violations()).as("listeners still hear batches in publication order").isEmpty();
        }
    }

    static Thread publishInBackground(BeatsOutput out, TestBatches batches, String path, int n, int size) {
        Thread t = new Thread(() -> {
            try {
                for (int b = 0; b < n; b++) {
                    out.publish(batches.batch(path, b, size));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-publisher");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
