package dev.flotilla.shipper.bench;

import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigLoader;
import dev.flotilla.shipper.config.InputConfig;
import dev.flotilla.shipper.event.AgentInfo;
import dev.flotilla.shipper.event.ContainerInfo;
import dev.flotilla.shipper.event.EventEncoder;
import dev.flotilla.shipper.event.EventTemplate;
import dev.flotilla.shipper.harvest.LineSplitter;
import dev.flotilla.shipper.multiline.LineSink;
import dev.flotilla.shipper.multiline.Multiline;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The agent's per-line hot path on one thread: a 64 KiB chunk of ~170-byte Logback lines cut into lines
 * ({@link LineSplitter}), optionally joined by the Logback multiline rule, and encoded as ECS event JSON
 * ({@link EventEncoder}). Score: lines per second. Output compression is measured by the Beats output's own
 * benchmark (EncodeBench).
 *
 * <pre>
 * mvn -B -q -pl logging-agent test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd logging-agent &amp;&amp; java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main HotPathBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class HotPathBench {
    static final int LINES = 385;

    @Param({"none", "logback"})
    public String multiline;

    private byte[] chunk;
    private LineSplitter splitter;
    private Blackhole hole;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        hole = bh;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            String body = "2026-11-22 03:00:" + String.format("%02d.%03d", i % 60, i % 1000) + " INFO  [http-nio-8080-exec-" + i % 20
                    + "] c.e.shop.web.RequestLog - /api/orders/" + i + " status=" + (200 + i % 5) + " took=" + i % 97 + "ms user=u"
                    + String.format("%05d", i) + " seq=" + i + " ";
            sb.append(body).append("x".repeat(Math.max(0, 169 - body.length()))).append('\n');
        }
        chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
        AgentConfig c = ConfigLoader.parse("inputs: [{id: a, paths: [/logs/*/*.log]" + ("logback".equals(multiline)
                ? ", multiline: {preset: logback}" : "") + "}]\noutput.logstash.hosts: [h]\n", "bench", Path.of("/"));
        InputConfig in = c.inputs().get(0);
        AgentInfo agent = new AgentInfo("node1", "node1", "0.1.0", "c3ac726f-f198-4259-9b20-079d7fa0d80e", "e", "logging-agent");
        EventTemplate t = EventTemplate.of(agent, in, "/home/ubuntu/logs/web-1-k3x9/debug.log",
                new ContainerInfo("web-1-k3x9", "web", "k3x9", 1, "node1", "reg/web:1"));
        EventEncoder encoder = new EventEncoder();
        LineSink encode = (b, off, len, start, end, flags) -> hole.consume(encoder.encode(t, b, off, len, start, flags, System.currentTimeMillis()));
        LineSink first = in.multiline() == null ? encode : new Multiline(in.multiline(), in.messageMaxBytes(), encode);
        splitter = new LineSplitter(in.messageMaxBytes(), 0, first);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void splitAndEncode() {
        splitter.feed(chunk, 0, chunk.length);
    }
}
