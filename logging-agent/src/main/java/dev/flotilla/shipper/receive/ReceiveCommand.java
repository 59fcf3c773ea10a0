package dev.flotilla.shipper.receive;

import dev.flotilla.shipper.io.StopSignals;
import dev.flotilla.shipper.output.beats.FrameCodec;
import dev.flotilla.shipper.text.Durations;
import dev.flotilla.shipper.text.HostPort;
import dev.flotilla.shipper.text.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Option(names = "--max-event-bytes", paramLabel = "SIZE", defaultValue = "16MiB",
            description = "Largest event accepted, in bytes or with a unit: 1048576, 512KiB, 16MiB "
                    + "(default: ${DEFAULT-VALUE}).")
    String maxEventSize;

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
        hook = new Thread(this::stop, "receive-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM/Ctrl-C: stop() on the signal's thread, then this returns 0 (the JVM's own handling exits 143)
        StopSignals.install(() -> new Thread(this::stop, "receive-stop").start());
        // the ready line comes last: whoever waits for it may stop the receiver at once and get exit code 0
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("listening on " + new HostPort(receiver.address().getHostString(), receiver.address().getPort())
                + (config.tls() ? " (TLS)" : "") + ", writing " + config.out());
        stdout.flush();
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
        int maxEvent = maxEventBytes();
        FrameCodec.Limits d = FrameCodec.Limits.DEFAULT;
        FrameCodec.Limits limits = new FrameCodec.Limits(maxEvent, d.maxCompressedBytes(),
                Math.max(d.maxInflatedBytes(), maxEvent), d.maxWindow());
        try {
            return new ReceiverConfig(address, out, duration("--keepalive", keepalive),
                    duration("--idle-timeout", idleTimeout), duration("--fsync-interval", fsyncInterval),
                    maxConnections, limits, certificate, key, clientCas);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private int maxEventBytes() {
        long n;
        try {
            n = Sizes.require(maxEventSize);
        } catch (IllegalArgumentException e) {
            throw usage("--max-event-bytes: " + e.getMessage());
        }
        if (n < 2) {
            throw usage("--max-event-bytes: " + n + " is too small: the smallest event, the empty JSON object,"
                    + " takes 2 bytes (the default, 16MiB, suits Logstash's limits)");
        }
        if (n > Integer.MAX_VALUE) {
            throw usage("--max-event-bytes: " + maxEventSize.trim() + " is too large: at most " + Integer.MAX_VALUE
                    + " bytes (2GiB - 1) fit in a frame; the default, 16MiB, suits Logstash's limits");
        }
        return (int) n;
    }

    private Duration duration(String option, String text) {
        try {
            return Durations.require(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
