package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.RegistryCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the node's assignments with a long poll to the managers and keeps the latest; a changed view wakes the
 * agent. While no manager answers, the last view stays (the agent acts only on views it has received, so a node cut
 * off from the managers leaves its containers alone).
 */
final class AssignmentPoller {
    private static final Logger LOG = LoggerFactory.getLogger(AssignmentPoller.class);
    private final String nodeId;
    private final ManagerChannel link;
    private final Runnable changed;
    private volatile AgentWire.Assignments latest;
    private volatile boolean closed;
    private Thread thread;

    AssignmentPoller(String nodeId, ManagerChannel link, Runnable changed) {
        this.nodeId = nodeId;
        this.link = link;
        this.changed = changed;
    }

    synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::loop, "flotilla-agent-poll-" + nodeId);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The latest view, or null before the first answer. */
    AgentWire.Assignments latest() {
        return latest;
    }

    /** Whether the latest view still wants {@code taskId} to run. */
    boolean stillWanted(String taskId) {
        AgentWire.Assignments a = latest;
        return a != null && a.tasks().stream().anyMatch(t -> t.id().equals(taskId) && t.isLive());
    }

    /** The registry credential the cluster handed over for a service's tasks on this node, or null. */
    RegistryAuth registryAuth(String serviceId) {
        AgentWire.Assignments a = latest;
        RegistryCredential c = a == null ? null : a.registryAuth().get(serviceId);
        return c == null ? null : new RegistryAuth(c.server(), c.username(), c.secret());
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try {
                AgentWire.Assignments current = latest;
                long asked = System.nanoTime();
                AgentWire.Assignments next = link.poll(current == null ? null : current.digest());
                failures = 0;
                if (current == null || !next.digest().equals(current.digest())) {
                    latest = next;
                    changed.run();
                } else if (System.nanoTime() - asked < 1_000_000_000L) {
                    sleep(1000);
                }
            } catch (ApiProblem | IllegalArgumentException e) {
                if (failures++ == 0) {
                    LOG.atInfo().addKeyValue("node", nodeId).log("assignments not available yet (retrying;"
                            + " containers are left as they are): " + e.getMessage());
                } else if (failures % 30 == 2) {
                    LOG.atWarn().addKeyValue("node", nodeId).log("cannot get this node's assignments (containers"
                            + " are left as they are): " + e.getMessage());
                }
                sleep(Math.min(3000, 200L * failures));
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("node", nodeId).setCause(e).log("assignment poll failed");
                sleep(1000);
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

    synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
