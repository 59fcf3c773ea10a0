package dev.flotilla.shipper.output.beats.bench;

import dev.flotilla.shipper.output.beats.BatchEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per event of turning a window of 2048 ECS events (a ~170-byte log line each) into wire bytes: J frames,
 * zlib at the level, W and C headers. Scores are events per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeBench {
    static final int WINDOW = 2048;

    @Param({"1", "3", "6"})
    public int level;

    private List<byte[]> events;
    private BatchEncoder encoder;
    private long compressedBytes;
    private long rawBytes;

    @Setup(Level.Trial)
    public void setUp() {
        events = BenchEvents.window(0, WINDOW);
        encoder = new BatchEncoder(level);
        rawBytes = events.stream().mapToLong(e -> e.length + 10L).sum();
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public int encodeWindow() {
        encoder.encode(events, 0, WINDOW);
        compressedBytes = encoder.length();
        return encoder.length();
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%nlevel %d: %d events, %d raw frame bytes -> %d on the wire (%.1f%%), %.0f B/event%n", level,
                WINDOW, rawBytes, compressedBytes, 100.0 * compressedBytes / rawBytes, (double) rawBytes / WINDOW);
        encoder.close();
    }
}
