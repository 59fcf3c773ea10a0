package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.security.Secrets;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.wire.AgentWire;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A manager's side of assignment long polls: a node asks for its tasks with the digest it already has, and the
 * answer comes as soon as they differ, or after the wait with the same digest. Bounded: a wait never exceeds the
 * given limit, and beyond {@link #MAX_WAITERS} concurrent waits the answer is immediate.
 */
public final class AssignmentWatch {
    public static final long MAX_WAIT_MILLIS = 15_000;
    static final int MAX_WAITERS = 24;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);
    /** A state and the log index it is as of, replaced together so that a view never claims a newer index. */
    private record Applied(ClusterState state, long index) {
    }

    private volatile Applied applied;

    public AssignmentWatch(ClusterState initial) {
        this.applied = new Applied(initial, 0);
    }

    /** Called for every applied state, with the index of the log entry that made it. */
    public void update(ClusterState s, long appliedIndex) {
        lock.lock();
        try {
            applied = new Applied(s, appliedIndex);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many polls are waiting for a change now. */
    public int waiting() {
        return MAX_WAITERS - waiters.availablePermits();
    }

    public AgentWire.Assignments await(String nodeId, String knownDigest, long waitMillis) throws InterruptedException {
        Applied a = applied;
        AgentWire.Assignments now = of(a.state(), nodeId, a.index());
        if (!now.digest().equals(knownDigest) || waitMillis <= 0 || !waiters.tryAcquire()) {
            return now;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(waitMillis, MAX_WAIT_MILLIS));
            lock.lock();
            try {
                while (true) {
                    a = applied;
                    now = of(a.state(), nodeId, a.index());
                    long left = deadline - System.nanoTime();
                    if (!now.digest().equals(knownDigest) || left <= 0) {
                        return now;
                    }
                    changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        } finally {
            waiters.release();
        }
    }

    /**
     * The node's tasks from the time they are assigned, with their digest: it covers what the agent acts on (which
     * tasks, and what the cluster wants of each), not the states the agent itself reported, so a node is not woken
     * by the echo of its own reports.
     */
    public static AgentWire.Assignments of(ClusterState s, String nodeId) {
        return of(s, nodeId, 0);
    }

    static AgentWire.Assignments of(ClusterState s, String nodeId, long index) {
        List<Task> tasks = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (Task t : s.tasks().values()) {
            if (t.nodeId().equals(nodeId) && t.state().ordinal() >= TaskState.ASSIGNED.ordinal()) {
                tasks.add(t);
                key.append(t.id()).append(':').append(t.desiredState()).append(';');
            }
        }
        return new AgentWire.Assignments(nodeId, Secrets.sha256Hex(key.toString()).substring(0, 16), tasks, index);
    }
}
