package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The managers, as one node agent sees them: assignments the test sets, and the reports the agent sent. */
final class FakeChannel implements ManagerChannel {
    private final String nodeId;
    private final List<AgentWire.TaskReport> reports = new CopyOnWriteArrayList<>();
    private AgentWire.Assignments current;

    FakeChannel(String nodeId) {
        this.nodeId = nodeId;
    }

    /** The managers' view of the node's tasks changes, as of log {@code index}. */
    synchronized void assign(long index, Task... tasks) {
        current = new AgentWire.Assignments(nodeId, "d" + index, List.of(tasks), index);
        notifyAll();
    }

    @Override
    public synchronized AgentWire.Assignments poll(String digest) {
        long end = System.currentTimeMillis() + 5000;
        try {
            while ((current == null || current.digest().equals(digest)) && System.currentTimeMillis() < end) {
                wait(Math.max(1, end - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "STOPPING", "interrupted");
        }
        if (current == null) {
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_LEADER", "no assignments yet");
        }
        return current;
    }

    @Override
    public AgentWire.StatusAck report(AgentWire.StatusBatch batch) {
        reports.addAll(batch.reports());
        return new AgentWire.StatusAck(batch.reports().size(), List.of());
    }

    /** The states reported for a task, in the order they arrived. */
    List<TaskState> states(String taskId) {
        List<TaskState> out = new ArrayList<>();
        reports.stream().filter(r -> r.taskId().equals(taskId)).forEach(r -> out.add(r.status().state()));
        return out;
    }

    /** The last status reported for a task, or null. */
    TaskStatus last(String taskId) {
        TaskStatus s = null;
        for (AgentWire.TaskReport r : reports) {
            if (r.taskId().equals(taskId)) {
                s = r.status();
            }
        }
        return s;
    }
}
