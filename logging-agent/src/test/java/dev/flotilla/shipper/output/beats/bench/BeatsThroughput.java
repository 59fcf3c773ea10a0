package dev.flotilla.shipper.output.beats.bench;

import dev.flotilla.shipper.output.OutBatch;
import dev.flotilla.shipper.output.beats.BeatsOutput;
import dev.flotilla.shipper.output.beats.BeatsOutputConfig;
import dev.flotilla.shipper.output.beats.BeatsStats;
import dev.flotilla.shipper.output.beats.CamelBeatsServer;
import dev.flotilla.shipper.receive.BeatsReceiver;
import dev.flotilla.shipper.receive.ReceiverConfig;
import dev.flotilla.shipper.text.HostPort;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of BeatsOutput to a Beats server on loopback, in one JVM: events/s from the first publish to the last
 * acknowledgement, and the CPU the client's own threads used (so its share can be told from the server's).
 *
 * <p>Arguments: {@code receive|camel} [events] [level] [pipelining...], for example
 * {@code receive 1000000 3 1 2 4}. Events are ECS JSON of about 470 bytes around a ~170-byte line
 * ({@link BenchEvents}); batches of 2048. A warm-up run of a fifth of the events precedes each measurement.
 */
public final class BeatsThroughput {
    private static final int BATCH = 2048;

    private BeatsThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "receive";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int level = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Integer> pipelinings = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            pipelinings.add(Integer.parseInt(args[i]));
        }
        if (pipelinings.isEmpty()) {
            pipelinings = List.of(1, 2, 4);
        }
        List<List<byte[]>> windows = new ArrayList<>();
        for (int w = 0; w < 100; w++) {
            windows.add(BenchEvents.window((long) w * BATCH, BATCH));
        }
        System.out.printf("target %s, %d events of %d bytes (line %d bytes), zlib %d, batches of %d%n", target, events,
                windows.get(0).get(0).length, BenchEvents.line(0).length(), level, BATCH);
        for (int p : pipelinings) {
            run(target, windows, events / 5, level, p, false);
            run(target, windows, events, level, p, true);
        }
    }

    private static void run(String target, List<List<byte[]>> windows, int events, int level, int pipelining,
                            boolean report) throws Exception {
        Path dir = Files.createTempDirectory("beats-bench");
        Path file = dir.resolve("events.ndjson");
        AutoCloseable server;
        int port;
        if (target.equals("camel")) {
            port = dev.flotilla.testkit.Ports.free();
            server = CamelBeatsServer.start("127.0.0.1", port);
        } else {
            BeatsReceiver r = BeatsReceiver.start(ReceiverConfig.plain(new HostPort("127.0.0.1", 0), file));
            port = r.address().getPort();
            server = r;
        }
        BeatsOutputConfig config = BeatsOutputConfig.builder(List.of(new HostPort("127.0.0.1", port)))
                .compressionLevel(level).pipelining(pipelining).bulkMaxSize(BATCH).build();
        try (BeatsOutput out = new BeatsOutput(config).start()) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = clientCpu(threads);
            long start = System.nanoTime();
            int sent = 0;
            for (int b = 0; sent < events; b++) {
                List<byte[]> w = windows.get(b % windows.size());
                int n = Math.min(w.size(), events - sent);
                out.publish(new OutBatch(w.subList(0, n), acked -> { }));
                sent += n;
            }
            if (!out.awaitAllAcked(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("not all acknowledged within 10 minutes");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            double cpu = (clientCpu(threads) - cpuBefore) / 1e9;
            BeatsStats s = out.stats();
            if (report) {
                System.out.printf("pipelining %d: %,d events in %.2f s = %,.0f events/s; %.1f MB on the wire "
                        + "(%.0f B/event); client threads %.2f CPU-s = %,.0f events per client CPU-second%n",
                        pipelining, s.eventsAcked(), secs, s.eventsAcked() / secs, s.bytesSent() / 1e6,
                        (double) s.bytesSent() / s.eventsAcked(), cpu, s.eventsAcked() / cpu);
            }
        } finally {
            server.close();
            deleteQuietly(file, dir);
        }
    }

    /** CPU time of the output's threads (named beats-N-...) and of this publishing thread. */
    private static long clientCpu(ThreadMXBean threads) {
        long sum = threads.getCurrentThreadCpuTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("beats-")) {
                long c = threads.getThreadCpuTime(t.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    private static void deleteQuietly(Path file, Path dir) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}
