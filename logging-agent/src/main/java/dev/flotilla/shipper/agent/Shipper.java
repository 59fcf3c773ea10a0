package dev.flotilla.shipper.agent;

import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.InputConfig;
import dev.flotilla.shipper.discovery.Containers;
import dev.flotilla.shipper.discovery.InputRuntime;
import dev.flotilla.shipper.discovery.Prospector;
import dev.flotilla.shipper.event.AgentInfo;
import dev.flotilla.shipper.harvest.Harvesters;
import dev.flotilla.shipper.io.IoErrors;
import dev.flotilla.shipper.metrics.Metrics;
import dev.flotilla.shipper.metrics.MetricsServer;
import dev.flotilla.shipper.metrics.SummaryLog;
import dev.flotilla.shipper.output.Output;
import dev.flotilla.shipper.pipeline.Pipeline;
import dev.flotilla.shipper.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running agent: registry, output, pipeline, readers, discovery, metrics, wired together and stopped in the
 * reverse order. Start refuses to run half-configured: any part that cannot start stops the parts before it.
 */
public final class Shipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Shipper.class);
    /** How long a normal stop waits for events in flight to be acknowledged. */
    public static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(5);
    private static final int READER_THREADS = 2;

    private final AgentConfig config;
    private final Metrics metrics = new Metrics();
    private final List<AutoCloseable> started = new ArrayList<>();
    private Registry registry;
    private Pipeline pipeline;
    private Harvesters harvesters;
    private Prospector prospector;
    private MetricsServer http;
    private ScheduledExecutorService timers;
    private volatile boolean closed;

    private Shipper(AgentConfig config) {
        this.config = config;
    }

    /**
     * Starts everything. @throws IOException or IllegalArgumentException with a message for the user; nothing is
     * left running then.
     */
    public static Shipper start(AgentConfig config, OutputFactory outputs) throws IOException {
        Shipper a = new Shipper(config);
        try {
            a.startParts(outputs);
            return a;
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void startParts(OutputFactory outputs) throws IOException {
        registry = openRegistry();
        metrics.registryCorruptions.add(registry.recovery().corruptions());
        AgentInfo info = AgentInfo.create(config.name(), AgentId.load(registry.dir()), config.logstash().index());
        Output output = outputs.create(config.logstash(), metrics);
        pipeline = new Pipeline(config.queue(), config.logstash().bulkMaxSize(), output, metrics);
        pipeline.start();
        Containers containers = new Containers();
        harvesters = new Harvesters(info, registry, pipeline.queue(), metrics, containers, READER_THREADS);
        startTimers();
        Map<String, InputRuntime> inputs = new LinkedHashMap<>();
        for (InputConfig in : config.inputs()) {
            inputs.put(in.id(), new InputRuntime(in));
        }
        harvesters.resumeOrphans(inputs);
        prospector = new Prospector(new ArrayList<>(inputs.values()), harvesters, containers, harvesters::wake,
                harvesters::sweep, metrics);
        harvesters.onClose(prospector::requestScan);
        prospector.start();
        if (config.http().enabled()) {
            http = MetricsServer.start(config.http().host(), config.http().port(), metrics);
        }
        log.info("agent {}: started (version {}, {} input(s), output {}, registry {})", info.name(), info.version(),
                inputs.size(), config.logstash().hosts(), registry.dir());
    }

    private Registry openRegistry() throws IOException {
        try {
            return Registry.open(config.registry().path());
        } catch (IOException e) {
            throw new IOException("cannot open the registry at " + config.registry().path() + ": "
                    + IoErrors.describe(e) + "; set registry.path (or --registry) to a folder the agent can write", e);
        }
    }

    private void startTimers() {
        timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "agent-timers");
            t.setDaemon(true);
            return t;
        });
        long flushMs = Math.max(50, config.registry().flush().toMillis());
        timers.scheduleWithFixedDelay(this::flushRegistry, flushMs, flushMs, TimeUnit.MILLISECONDS);
        long period = config.metricsPeriod().toMillis();
        if (period > 0) {
            SummaryLog summary = new SummaryLog(metrics);
            timers.scheduleAtFixedRate(summary::log, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void flushRegistry() {
        try {
            registry.flush();
            metrics.registryFlushes.increment();
        } catch (IOException | RuntimeException e) {
            log.error("registry {}: cannot save offsets ({}); retrying (a crash now would re-ship lines, never lose them)",
                    registry.dir(), e.toString());
        }
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The port {@code /metrics} is served on, or -1. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Stops reading, waits up to {@link #SHUTDOWN_DRAIN} for acknowledgements, saves the offsets. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        quietly(prospector);
        quietly(harvesters);
        if (pipeline != null) {
            pipeline.close(SHUTDOWN_DRAIN);
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        quietly(registry);
        quietly(http);
        log.info("agent: stopped");
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("agent: while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
