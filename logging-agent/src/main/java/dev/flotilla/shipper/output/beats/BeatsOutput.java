package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.OutBatch;
import dev.flotilla.shipper.output.Output;
import dev.flotilla.shipper.text.HostPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lumberjack v2 client: an {@link Output} that ships batches to one or more Beats servers (Logstash) and
 * reports their acknowledgements.
 *
 * <p>Per batch it writes {@code W(n)} then {@code C(zlib(J(1)..J(n)))} (or bare J frames at level 0), never an empty
 * window and never a gap. Partial ACKs are progress; ACK 0 is a keepalive that restarts the timeout; an ACK above
 * the window is a protocol error. Up to {@code pipelining} windows are in flight per connection and are
 * acknowledged in order. On a timeout or any error the connection is closed and the unacknowledged rest of every
 * in-flight batch is resent, as new whole windows, on a new connection (never continued on the old one).
 * Failover (default) uses one host at a time; load balancing keeps one connection per host. Listeners hear about
 * progress in publication order.
 *
 * <p>A published batch is encoded (J frames, zlib) at once on an {@link EncodePool} of min(windows in flight, cores)
 * threads, so that batches are compressed in parallel and ahead of their turn while earlier ones are on the wire;
 * the sending thread only writes the bytes, in publication order. So that the encoders can work ahead, publish
 * blocks only once {@code pipelining} × connections + encoders batches are outstanding.
 */
public final class BeatsOutput implements Output {
    private static final Logger LOG = LoggerFactory.getLogger(BeatsOutput.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final BeatsOutputConfig config;
    private final SSLContext ssl;
    private final Dispatch dispatch;
    private final List<ConnectionWorker> workers = new ArrayList<>();
    private final ExecutorService senders;
    private final ExecutorService readers;
    private final EncodePool encodePool;
    private boolean started;

    /**
     * Checks the configuration, TLS files included, without connecting.
     *
     * @throws IllegalArgumentException naming what is wrong (unreadable or invalid certificate or key files)
     */
    public BeatsOutput(BeatsOutputConfig config) {
        this.config = config;
        this.ssl = config.tls().map(BeatsOutput::tlsContext).orElse(null);
        int slots = config.loadbalance() ? config.hosts().size() : 1;
        int inFlight = slots * config.windowsPerConnection();
        int encoders = EncodePool.sizeFor(inFlight, Runtime.getRuntime().availableProcessors());
        this.dispatch = new Dispatch(inFlight + encoders);
        String id = "beats-" + INSTANCES.incrementAndGet();
        this.senders = Executors.newFixedThreadPool(slots, named(id + "-send-"));
        this.readers = Executors.newFixedThreadPool(slots * 2, named(id + "-ack-"));
        this.encodePool = new EncodePool(encoders, config.compressionLevel(), config.bulkMaxSize(),
                named(id + "-encode-"));
        if (!config.ttl().isZero()) {
            LOG.info("beats output: ttl {} ms is ignored, as Filebeat's asynchronous client does", config.ttl().toMillis());
        }
    }

    /** Starts the connection workers; returns this. */
    public synchronized BeatsOutput start() {
        if (started) {
            throw new IllegalStateException("the Beats output was already started");
        }
        started = true;
        List<HostPort> hosts = config.hosts();
        if (config.loadbalance()) {
            for (int i = 0; i < hosts.size(); i++) {
                workers.add(new ConnectionWorker(List.of(hosts.get(i)), 0, config, ssl, dispatch, readers));
            }
        } else {
            int first = ThreadLocalRandom.current().nextInt(hosts.size());
            workers.add(new ConnectionWorker(hosts, first, config, ssl, dispatch, readers));
        }
        for (ConnectionWorker w : workers) {
            senders.execute(w);
        }
        LOG.info("beats output: started for {} ({}, compression {}, pipelining {}, bulk_max_size {}{})", hosts,
                config.loadbalance() ? "load balancing" : "failover", config.compressionLevel(),
                config.windowsPerConnection(), config.bulkMaxSize(), ssl == null ? "" : ", TLS");
        return this;
    }

    @Override
    public void publish(OutBatch batch) throws InterruptedException {
        synchronized (this) {
            if (!started) {
                throw new IllegalStateException("publish before start(): start the Beats output first");
            }
        }
        dispatch.publish(batch, encodePool.submit(batch));
    }

    /** How many batches may be outstanding before {@link #publish} blocks: those in flight plus one per encoder. */
    int outstandingLimit() {
        return dispatch.limit();
    }

    /** Publishers blocked because the outstanding limit is reached (a seam for tests). */
    int publishersWaiting() {
        return dispatch.publishersWaiting();
    }

    /** Senders holding back a ready batch because their connection has pipelining windows in flight (for tests). */
    int sendersAtLimit() {
        return dispatch.sendersAtLimit();
    }

    /** Waits until every published batch is fully acknowledged, or the time is up; true when all were. */
    public boolean awaitAllAcked(long timeout, TimeUnit unit) throws InterruptedException {
        return dispatch.awaitOutstandingAtMost(0, timeout, unit);
    }

    /** A snapshot of the counters. */
    public BeatsStats stats() {
        Counters c = dispatch.counters;
        int inFlight = 0;
        int queued;
        List<String> connected = new ArrayList<>();
        dispatch.lock.lock();
        try {
            queued = dispatch.queued();
        } finally {
            dispatch.lock.unlock();
        }
        for (ConnectionWorker w : workers) {
            Connection conn = w.current();
            if (conn != null && conn.alive()) {
                connected.add(conn.host.toString());
                inFlight += conn.inFlightCountLocked();
            }
        }
        return new BeatsStats(c.eventsSent.sum(), c.eventsAcked.sum(), c.eventsResent.sum(), c.bytesSent.sum(),
                c.windowsSent.sum(), c.batchesPublished.sum(), c.batchesAcked.sum(), c.connects.sum(),
                c.reconnects.sum(), c.connectFailures.sum(), c.connectionFailures.sum(), c.timeouts.sum(),
                c.keepalives.sum(), inFlight, queued, connected);
    }

    public BeatsOutputConfig config() {
        return config;
    }

    /** Stops sending and closes every connection; unacknowledged batches stay unacknowledged. Idempotent. */
    @Override
    public void close() {
        dispatch.close();
        for (ConnectionWorker w : workers) {
            w.closeConnection();
        }
        encodePool.close();
        senders.shutdown();
        readers.shutdown();
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS) || !readers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("beats output: threads still running 10 s after close; interrupting them");
                senders.shutdownNow();
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            readers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static SSLContext tlsContext(TlsSettings tls) {
        List<String> problems = tls.fileProblems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            return PemTls.clientContext(tls);
        } catch (IOException e) {
            throw new IllegalArgumentException("output.logstash.ssl: " + e.getMessage(), e);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
