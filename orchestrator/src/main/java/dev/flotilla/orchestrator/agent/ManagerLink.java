package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The agent's calls to the managers, over mutual TLS with the node's certificate, each with a deadline. */
final class ManagerLink implements ManagerChannel {
    /** Longer than the managers' longest assignment wait, so a quiet poll is not taken for a dead manager. */
    static final Duration POLL_ATTEMPT = Duration.ofSeconds(16);
    static final Duration REPORT_ATTEMPT = Duration.ofSeconds(5);

    private final Supplier<List<String>> managers;
    private final ClientTls tls;
    private volatile String leader;

    ManagerLink(Supplier<List<String>> managers, ClientTls tls) {
        this.managers = managers;
        this.tls = tls;
    }

    /**
     * The node's assignments, as soon as they differ from {@code digest} (or after the managers' wait). Only the
     * leader answers; a manager that is not names it, and the next polls go to it first.
     */
    @Override
    public AgentWire.Assignments poll(String digest) {
        String path = "/v1/agent/assignments/" + (digest == null ? "none" : digest);
        try {
            return client(POLL_ATTEMPT).get(path, AgentWire.Assignments.class);
        } catch (ApiProblem p) {
            if (p.kind() != ApiProblem.Kind.NOT_LEADER || p.leader() == null || p.leader().isEmpty()) {
                throw p;
            }
            leader = p.leader();
            return new ApiClient(List.of(leader), tls, null, POLL_ATTEMPT).get(path, AgentWire.Assignments.class);
        }
    }

    @Override
    public AgentWire.StatusAck report(AgentWire.StatusBatch batch) {
        return client(REPORT_ATTEMPT).post("/v1/agent/status", batch, AgentWire.StatusAck.class);
    }

    private ApiClient client(Duration attempt) {
        List<String> known = managers.get();
        List<String> m = new ArrayList<>();
        String l = leader;
        if (l != null) {
            m.add(l);
        }
        if (known != null) {
            known.stream().filter(a -> !a.equals(l)).forEach(m::add);
        }
        if (m.isEmpty()) {
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_MANAGER", "this node knows no manager yet");
        }
        return new ApiClient(m, tls, null, attempt);
    }
}
