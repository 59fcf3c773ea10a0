package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.RootCa;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.api.TaskStatus;

import java.util.List;
import java.util.Map;

/**
 * Everything that changes the cluster state. A command carries every value its effect depends on (ids, times,
 * hashes), chosen by the manager that proposes it, so that applying it is deterministic on every manager.
 */
public sealed interface Command {

    /** Hands this command to the visitor's method for its kind. */
    <R> R accept(Visitor<R> v);

    /**
     * One method per kind of command: code that handles commands implements it, so that a new command does not
     * compile until every such place handles it.
     */
    interface Visitor<R> {
        R initCluster(InitCluster c);

        R restoreCluster(RestoreCluster c);

        R joinNode(JoinNode c);

        R updateNodeSpec(UpdateNodeSpec c);

        R setNodeRole(SetNodeRole c);

        R setNodeStatus(SetNodeStatus c);

        R updateNodeDescription(UpdateNodeDescription c);

        R removeNode(RemoveNode c);

        R rotateJoinToken(RotateJoinToken c);

        R startCaRotation(StartCaRotation c);

        R finishCaRotation(FinishCaRotation c);

        R setCertExpiry(SetCertExpiry c);

        R setViewerCredential(SetViewerCredential c);

        R createService(CreateService c);

        R updateService(UpdateService c);

        R setUpdateStatus(SetUpdateStatus c);

        R removeService(RemoveService c);

        R putTasks(PutTasks c);

        R updateTaskStatus(UpdateTaskStatus c);

        R setTaskDesiredState(SetTaskDesiredState c);

        R assignTask(AssignTask c);

        R setTaskPending(SetTaskPending c);

        R removeTasks(RemoveTasks c);

        R batch(Batch c);
    }

    /** Creates the cluster: the first manager, its credential and the administrator's, the token hashes. */
    record InitCluster(String clusterId, String fingerprint, long at, ClusterSettings settings, JoinTokenHashes tokens,
                       Node firstNode, List<CredentialRecord> credentials) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.initCluster(this);
        }

        public InitCluster {
            credentials = List.copyOf(credentials);
        }
    }

    /**
     * Starts a new single-manager Raft group from a surviving manager's last state ({@code --force-new-cluster}).
     *
     * @param survivorNodeId the manager that carries the state on; the other managers are left for the user to demote
     */
    record RestoreCluster(ClusterState state, String survivorNodeId, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.restoreCluster(this);
        }
    }

    /**
     * Adds a node that presented a valid join token.
     *
     * @param tokenHash the hash of the token it presented: applied only while that token is still current
     */
    record JoinNode(Node node, CredentialRecord credential, String tokenHash) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.joinNode(this);
        }
    }

    /** {@code node update}: availability (null keeps it), labels to add and keys to remove. */
    record UpdateNodeSpec(String nodeId, Availability availability, Map<String, String> labelsAdd,
                          List<String> labelsRemove, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.updateNodeSpec(this);
        }

        public UpdateNodeSpec {
            labelsAdd = labelsAdd == null ? Map.of() : Map.copyOf(labelsAdd);
            labelsRemove = labelsRemove == null ? List.of() : List.copyOf(labelsRemove);
        }
    }

    /** {@code node promote} / {@code node demote}. */
    record SetNodeRole(String nodeId, NodeRole role, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setNodeRole(this);
        }
    }

    /** Liveness as decided by the leader from heartbeats. */
    record SetNodeStatus(String nodeId, NodeStatus status, String message, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setNodeStatus(this);
        }
    }

    /** A node restarted with new addresses, version or resources. */
    record UpdateNodeDescription(String nodeId, NodeDescription description, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.updateNodeDescription(this);
        }
    }

    /** {@code node rm}: the node and its credential go; {@code force} allows removing a node that is not down. */
    record RemoveNode(String nodeId, boolean force, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.removeNode(this);
        }
    }

    /** {@code update --cert-expiry}: node certificates issued from now on are valid this long. */
    record SetCertExpiry(long certExpiryMillis, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setCertExpiry(this);
        }
    }

    /** {@code join-token --rotate}: the old token stops working at once. */
    record RotateJoinToken(NodeRole role, String newHash, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.rotateJoinToken(this);
        }
    }

    /**
     * {@code flotilla ca --rotate}: managers issue certificates under {@code next} from now on, and nodes trust it
     * beside the current root until each has renewed. Refused while another rotation runs.
     *
     * @param current the root in force (the one {@code next} is cross-signed by)
     */
    record StartCaRotation(RootCa current, RootCa next, String crossSigned, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.startCaRotation(this);
        }
    }

    /**
     * Every node holds a certificate of the next root: it becomes the only root, and join tokens carry its
     * fingerprint ({@code tokenFingerprint}) from now on.
     */
    record FinishCaRotation(String nextFingerprint, String tokenFingerprint, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.finishCaRotation(this);
        }
    }

    /** {@code flotilla ui-token --rotate}: the visualizer's viewer credential; any earlier one stops working. */
    record SetViewerCredential(CredentialRecord credential, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setViewerCredential(this);
        }
    }

    /** Adds a service (the scheduler and orchestrator add its tasks). */
    record CreateService(Service service) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.createService(this);
        }
    }

    /** Replaces a service's spec; {@code service.version()} must be the stored version plus one. */
    record UpdateService(Service service) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.updateService(this);
        }
    }

    /**
     * Records where a service's rolling update stands (paused by its failure action, completed), for the service
     * at {@code version} only: a newer update makes it moot.
     */
    record SetUpdateStatus(String serviceId, long version, UpdateStatus status) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setUpdateStatus(this);
        }
    }

    /** Removes a service and all its tasks. */
    record RemoveService(String serviceId, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.removeService(this);
        }
    }

    /** Adds or replaces tasks (manager-side: creation, placement, desired state). */
    record PutTasks(List<Task> tasks) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.putTasks(this);
        }

        public PutTasks {
            tasks = List.copyOf(tasks);
        }
    }

    /** A node's report on one of its tasks; applied only if it moves the task forward. */
    record UpdateTaskStatus(String taskId, String nodeId, TaskStatus status) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.updateTaskStatus(this);
        }
    }

    /** The orchestrator changes what it wants of a task (stop it, forget it); desired states move forward only. */
    record SetTaskDesiredState(String taskId, TaskState desiredState, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setTaskDesiredState(this);
        }
    }

    /** The scheduler placed a pending task; applied only while the task is still unplaced and wanted. */
    record AssignTask(String taskId, String nodeId, String hostname, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.assignTask(this);
        }
    }

    /** The scheduler found no node for a task; {@code reason} is what {@code service ps} shows. */
    record SetTaskPending(String taskId, String reason, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setTaskPending(this);
        }
    }

    /** Forgets tasks (removed by a scale down once stopped); unknown ids are ignored. */
    record RemoveTasks(List<String> taskIds, long at) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.removeTasks(this);
        }

        public RemoveTasks {
            taskIds = List.copyOf(taskIds);
        }
    }

    /** Several commands in one log entry, applied in order, each accepted or rejected on its own. */
    record Batch(List<Command> commands) implements Command {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.batch(this);
        }

        public Batch {
            commands = List.copyOf(commands);
        }
    }
}
