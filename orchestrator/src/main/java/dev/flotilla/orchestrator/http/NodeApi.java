package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.security.cert.X509Certificate;
import java.util.List;

/** What the API's routes need from the node that serves them; the daemon implements it. */
public interface NodeApi {
    NodeIdentity identity();

    ApiWire.Health health();

    /** {@code flotilla leave} on this node. */
    ApiWire.Message leave(boolean force);

    /** The node's manager side, or null while it is a worker. */
    ManagerApi manager();

    /** The cluster CA certificates this node trusts (served to joining nodes, who check their hash). */
    List<X509Certificate> trustedCas();

    /**
     * Null when a client's certificate chain leads to this node's trusted cluster CA and is valid now; else why not.
     * The TLS handshake takes any client certificate, so every use of one is checked here first.
     */
    String certificateRefusal(List<X509Certificate> chain);

    /** The state credentials are checked against (empty on a worker). */
    ClusterState stateForAccess();
}
