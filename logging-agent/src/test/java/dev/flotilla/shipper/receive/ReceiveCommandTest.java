package dev.flotilla.shipper.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.shipper.output.beats.BeatsOutput;
import dev.flotilla.shipper.output.beats.BeatsOutputConfig;
import dev.flotilla.shipper.output.OutBatch;
import dev.flotilla.shipper.text.HostPort;
import dev.flotilla.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReceiveCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(ReceiveCommand cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badOptionsAreRefusedWithUsageAndExitCode2(@TempDir Path dir) {
        String out = dir.resolve("e.ndjson").toString();
        Run noOut = run(new ReceiveCommand());
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("Missing required option: '--out=FILE'");
        Run badListen = run(new ReceiveCommand(), "--listen", "::1:5044", "--out", out);
        assertThat(badListen.code()).isEqualTo(2);
        assertThat(badListen.err()).contains("--listen: '::1:5044' is not a valid host:port")
                .contains("must be bracketed").doesNotContain("Exception");
        Run badDuration = run(new ReceiveCommand(), "--keepalive", "5 sec", "--out", out);
        assertThat(badDuration.code()).isEqualTo(2);
        assertThat(badDuration.err()).contains("--keepalive: '5 sec' is not a duration; write a number and a unit");
        Run zeroKeepalive = run(new ReceiveCommand(), "--keepalive", "0", "--out", out);
        assertThat(zeroKeepalive.code()).isEqualTo(2);
        assertThat(zeroKeepalive.err()).contains("--keepalive must be longer than zero").doesNotContain("is not a duration");
        Run zeroBytes = run(new ReceiveCommand(), "--max-event-bytes", "0", "--out", out);
        assertThat(zeroBytes.code()).isEqualTo(2);
        assertThat(zeroBytes.err()).contains("--max-event-bytes: 0 is too small: the smallest event").doesNotContain("{}");
        Run halfTls = run(new ReceiveCommand(), "--ssl-certificate", out, "--out", out);
        assertThat(halfTls.code()).isEqualTo(2);
        assertThat(halfTls.err()).contains("TLS needs both --ssl-certificate and --ssl-key");
    }

    @Test
    void durationsAndSizesUseTheAgentsGrammar(@TempDir Path dir) {
        ReceiveCommand cmd = new ReceiveCommand();
        new CommandLine(cmd).parseArgs("--out", dir.resolve("e.ndjson").toString(), "--keepalive", "1.5s",
                "--idle-timeout", "1m30s", "--fsync-interval", "20MS", "--max-event-bytes", "512KiB");
        ReceiverConfig c = cmd.config();
        assertThat(c.keepalive()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.fsyncInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.limits().maxJsonBytes()).isEqualTo(512 * 1024);
        Run badSize = run(new ReceiveCommand(), "--max-event-bytes", "lots", "--out", dir.resolve("e.ndjson").toString());
        assertThat(badSize.code()).isEqualTo(2);
        assertThat(badSize.err()).contains("--max-event-bytes: 'lots' is not a size; write a number of bytes");
        Run hugeSize = run(new ReceiveCommand(), "--max-event-bytes", "4GiB", "--out", dir.resolve("e.ndjson").toString());
        assertThat(hugeSize.code()).isEqualTo(2);
        assertThat(hugeSize.err()).contains("--max-event-bytes: 4GiB is too large");
    }

    @Test
    void anAddressInUseIsExitCode1WithAMessage(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run(new ReceiveCommand(), "--listen", "127.0.0.1:" + taken.getLocalPort(), "--out",
                    dir.resolve("e.ndjson").toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("is another receiver or Logstash using it? choose another port").doesNotContain("\tat ");
        }
    }

    @Test
    void anAddressThatIsNoIpOrNameIsExitCode1WithWhatToUse(@TempDir Path dir) {
        Run r = run(new ReceiveCommand(), "--listen", "999.1.1.1:5044", "--out", dir.resolve("e.ndjson").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot listen on 999.1.1.1:5044: '999.1.1.1' is neither an IP address nor a name")
                .contains("use 127.0.0.1").doesNotContain("another receiver");
    }

    @Test
    void receivesFromOurClientAndStopsWithExitCode0(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.ndjson");
        ReceiveCommand cmd = new ReceiveCommand();
        AtomicInteger code = new AtomicInteger(-1);
        StringWriter out = new StringWriter();
        Thread t = new Thread(() -> {
            CommandLine cl = new CommandLine(cmd);
            cl.setOut(new PrintWriter(out, true));
            code.set(cl.execute("--listen", "127.0.0.1:0", "--out", file.toString()));
        });
        t.start();
        BeatsReceiver r = Await.value("the receiver started", Duration.ofSeconds(10), cmd::receiver);
        Await.until("the address is printed", Duration.ofSeconds(10),
                () -> out.toString().startsWith("listening on 127.0.0.1:" + r.address().getPort() + ", writing "));
        BeatsOutputConfig config = BeatsOutputConfig.builder(List.of(new HostPort("127.0.0.1", r.address().getPort())))
                .build();
        AtomicInteger acked = new AtomicInteger();
        try (BeatsOutput output = new BeatsOutput(config).start()) {
            output.publish(new OutBatch(List.of("{\"m\":\"one\"}".getBytes(StandardCharsets.UTF_8),
                    "{\"m\":\"two\"}".getBytes(StandardCharsets.UTF_8)), acked::set));
            assertThat(output.awaitAllAcked(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked.get()).isEqualTo(2);
        assertThat(Files.readAllLines(file)).containsExactly("{\"m\":\"one\"}", "{\"m\":\"two\"}");
        cmd.stop();
        t.join(10_000);
        assertThat(code.get()).isZero();
    }
}
