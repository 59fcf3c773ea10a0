package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.control.Admission;
import dev.flotilla.orchestrator.control.ManagerService;
import dev.flotilla.orchestrator.control.ServiceOps;
import dev.flotilla.orchestrator.dispatcher.AssignmentWatch;
import dev.flotilla.orchestrator.dispatcher.Dispatcher;
import dev.flotilla.orchestrator.dispatcher.StatusIntake;
import dev.flotilla.orchestrator.state.ClusterState;

/** What the API's routes need from a manager: its operations and the state it has applied. */
public interface ManagerApi {
    /** The applied state (possibly behind the leader). */
    ClusterState state();

    /** The Raft leader's node id, or "" when none is known. */
    String leaderId();

    /** True while this manager is the leader and orchestrates (only then it hands out assignments). */
    boolean orchestrating();

    /** Node, token and cluster operations. */
    ManagerService nodes();

    Admission admission();

    ServiceOps services();

    Dispatcher dispatcher();

    AssignmentWatch assignments();

    StatusIntake statusIntake();
}
