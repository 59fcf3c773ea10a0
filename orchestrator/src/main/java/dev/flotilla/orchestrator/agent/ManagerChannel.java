package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.wire.AgentWire;

/** The node agent's two calls to the managers. {@link ManagerLink} makes them over HTTP. */
interface ManagerChannel {
    /** The node's assignments, as soon as they differ from {@code digest} (null: at once), or after the managers' wait. */
    AgentWire.Assignments poll(String digest);

    AgentWire.StatusAck report(AgentWire.StatusBatch batch);
}
