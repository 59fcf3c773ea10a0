package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends task status reports in batches: the latest status of each task waits here until the next flush (at most
 * {@link #FLUSH_MILLIS} later); a failed send keeps them for the next attempt, unless a newer status replaced them.
 */
final class StatusReporter implements AutoCloseable {
    static final long FLUSH_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final String nodeId;
    private final ManagerChannel link;
    private final Map<String, TaskStatus> waiting = new LinkedHashMap<>();
    private Thread thread;
    private volatile boolean closed;
    private int failures;

    StatusReporter(String nodeId, ManagerChannel link) {
        this.nodeId = nodeId;
        this.link = link;
    }

    /** Starts the thread that sends the batches. */
    synchronized StatusReporter start() {
        if (thread == null) {
            thread = new Thread(this::run, "flotilla-agent-reports-" + nodeId);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    synchronized void report(String taskId, TaskStatus status) {
        TaskStatus prev = waiting.get(taskId);
        if (prev == null || status.state().ordinal() >= prev.state().ordinal()) {
            waiting.put(taskId, status);
        }
        notifyAll();
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void run() {
        while (!closed) {
            List<AgentWire.TaskReport> batch;
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new ArrayList<>();
                waiting.forEach((id, s) -> batch.add(new AgentWire.TaskReport(id, s)));
                waiting.clear();
            }
            send(batch);
            sleep(failures == 0 ? FLUSH_MILLIS : Math.min(5000, 250L * failures));
        }
    }

    private void send(List<AgentWire.TaskReport> batch) {
        try {
            AgentWire.StatusAck ack = link.report(new AgentWire.StatusBatch(batch));
            failures = 0;
            if (!ack.refused().isEmpty()) {
                LOG.atDebug().addKeyValue("node", nodeId).log("reports not taken: " + ack.refused());
            }
        } catch (ApiProblem | IllegalArgumentException e) {
            if (failures++ % 20 == 0) {
                LOG.atWarn().addKeyValue("node", nodeId).addKeyValue("reports", batch.size())
                        .log("could not send task reports (will retry): " + e.getMessage());
            }
            synchronized (this) {
                for (AgentWire.TaskReport r : batch) {
                    waiting.putIfAbsent(r.taskId(), r.status());
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
