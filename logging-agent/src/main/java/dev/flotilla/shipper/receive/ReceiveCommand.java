package dev.flotilla.shipper.receive;

import dev.flotilla.shipper.output.beats.FrameCodec;
import dev.flotilla.shipper.output.beats.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logging-agent receive}: a small Beats server for development and for a quick start without Logstash. It
 * writes each event as one line of an NDJSON file and acknowledges only what is written and synced to disk.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Receive events over the Beats protocol (Lumberjack v2, as Filebeat and Logstash speak it) and "
                + "append them to an NDJSON file, one event per line.",
            "An event is acknowledged only once it is written and fsynced; while the disk is slow the receiver sends "
                + "ACK 0 keepalives, as Logstash does. A connection sending invalid frames is closed, with the "
                + "reason logged; others go on. Stop with Ctrl-C or SIGTERM."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:could not start (address in use, file or TLS material unusable)",
            "2:invalid option"})
public final class ReceiveCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5044",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); [::1]:5044 for IPv6, port 0 for any free "
                    + "port (the chosen one is printed).")
    String listen;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "NDJSON file to append events to; created if missing.")
    Path out;

    @Option(names = "--keepalive", paramLabel = "DURATION", defaultValue = "5s",
            description = "Send ACK 0 after waiting this long for the disk (default: ${DEFAULT-VALUE}).")
    String keepalive;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Close a connection idle this long (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--fsync-interval", paramLabel = "DURATION", defaultValue = "0ms",
            description = "Least time between two fsyncs, to group more events per sync (default: ${DEFAULT-VALUE}: "
                    + "sync as soon as the previous one is done).")
    String fsyncInterval;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "64",
            description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-event-bytes", paramLabel = "BYTES", defaultValue = "16777216",
            description = "Largest event accepted (default: ${DEFAULT-VALUE}).")
    int maxEventBytes;

    @Option(names = "--ssl-certificate", paramLabel = "PEM", description = "Server certificate (chain): turns TLS on.")
    Path certificate;

    @Option(names = "--ssl-key", paramLabel = "PEM", description = "Unencrypted PKCS#8 (or PKCS#1 RSA) key of the certificate.")
    Path key;

    @Option(names = "--ssl-certificate-authorities", paramLabel = "PEM", split = ",",
            description = "CAs whose client certificates are accepted; when given, clients must present one.")
    List<Path> clientCas = new ArrayList<>();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile BeatsReceiver running;
    private volatile Thread hook;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReceiveCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ReceiverConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        BeatsReceiver receiver;
        try {
            receiver = BeatsReceiver.start(config);
        } catch (IOException e) {
            err.println("receive: " + e.getMessage());
            err.flush();
            return 1;
        }
        running = receiver;
        if (stopping.get()) {
            stopping.set(false);
            stop();
            return 0;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("listening on " + new HostPort(receiver.address().getHostString(), receiver.address().getPort())
                + (config.tls() ? " (TLS)" : "") + ", writing " + config.out());
        stdout.flush();
        hook = new Thread(this::stop, "receive-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM/Ctrl-C: stop() on the signal's thread, then this returns 0 (the JVM's own handling exits 143)
        dev.flotilla.shipper.cli.StopSignals.install(() -> new Thread(this::stop, "receive-stop").start());
        stopped.await();
        return 0;
    }

    /** Stops a running receiver (as SIGTERM does); call() then returns 0. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        Thread h = hook;
        if (h != null && Thread.currentThread() != h) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
        BeatsReceiver r = running;
        if (r != null) {
            try {
                r.close();
            } catch (IOException e) {
                spec.commandLine().getErr().println("receive: closing " + out + " failed: " + e.getMessage());
            }
        }
        stopped.countDown();
    }

    /** The running receiver, once call() started it. */
    public BeatsReceiver receiver() {
        return running;
    }

    ReceiverConfig config() {
        HostPort address;
        try {
            address = HostPort.parseListen(listen, -1);
        } catch (IllegalArgumentException e) {
            throw usage("--listen: " + e.getMessage());
        }
        if (maxEventBytes < 2) {
            throw usage("--max-event-bytes: " + maxEventBytes + " is too small: the smallest event, the empty JSON object,"
                    + " takes 2 bytes (the default, 16777216, suits Logstash's limits)");
        }
        FrameCodec.Limits d = FrameCodec.Limits.DEFAULT;
        FrameCodec.Limits limits = new FrameCodec.Limits(maxEventBytes, d.maxCompressedBytes(),
                Math.max(d.maxInflatedBytes(), maxEventBytes), d.maxWindow());
        try {
            return new ReceiverConfig(address, out, duration("--keepalive", keepalive),
                    duration("--idle-timeout", idleTimeout), duration("--fsync-interval", fsyncInterval),
                    maxConnections, limits, certificate, key, clientCas);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Duration duration(String option, String text) {
        if (text.trim().equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw usage(option + ": '" + text + "' is not a duration; write a number and a unit: 500ms, 5s, 2m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            default:
                return Duration.ofHours(n);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
