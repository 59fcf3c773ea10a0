package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.CaState;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.state.Result.Code;

import java.util.List;

/**
 * The rules of a root CA rotation. It starts with a new root the current one cross-signed; nodes renew under the
 * new root one by one while every node trusts both; it finishes once every node of the state reports a certificate
 * of the new root, and the old root is trusted no more: the cross-signed link is dropped, and nodes renew once more
 * without it, so that nothing chains to the retired root.
 */
final class CaRules {
    private CaRules() {
    }

    /** The nodes that do not hold a certificate of the root being rotated to yet (none when no rotation runs). */
    static List<Node> waitingFor(ClusterState s) {
        CaState ca = s.ca();
        if (ca == null || !ca.rotating()) {
            return List.of();
        }
        String next = ca.next().fingerprint();
        return s.nodes().values().stream().filter(n -> !next.equals(n.description().certificateIssuer())).toList();
    }

    static Result checkStart(ClusterState s, Command.StartCaRotation c) {
        if (c.current() == null || c.next() == null || c.next().key() == null || c.crossSigned() == null
                || c.crossSigned().isEmpty()) {
            return Result.rejected(Code.INVALID, "a CA rotation needs the current root, the next root with its sealed"
                    + " key, and the cross-signed certificate");
        }
        CaState ca = s.ca();
        if (ca != null && ca.rotating()) {
            return Result.rejected(Code.CONFLICT, "a CA rotation is already in progress (to " + ca.next().fingerprint()
                    + ", " + s.caRotationProgress() + "); wait for it"
                    + " to finish (flotilla ca shows its progress)");
        }
        if (ca != null && !ca.current().fingerprint().equals(c.current().fingerprint())) {
            return Result.rejected(Code.CONFLICT, "the cluster's root CA is " + ca.current().fingerprint() + ", not "
                    + c.current().fingerprint() + "; retry the rotation");
        }
        return null;
    }

    static Outcome start(ClusterState s, Command.StartCaRotation c) {
        return new Outcome(s.withCa(new CaState(c.current(), c.next(), c.crossSigned(), c.at()), s.fingerprint()),
                Result.ok(c.next().fingerprint()));
    }

    static Result checkFinish(ClusterState s, Command.FinishCaRotation c) {
        CaState ca = s.ca();
        if (ca == null || !ca.rotating() || !ca.next().fingerprint().equals(c.nextFingerprint())) {
            return Result.rejected(Code.CONFLICT, "no CA rotation to " + c.nextFingerprint() + " is in progress");
        }
        if (c.tokenFingerprint() == null || c.tokenFingerprint().isEmpty()) {
            return Result.rejected(Code.INVALID, "finishing a CA rotation needs the join tokens' new fingerprint");
        }
        List<Node> waiting = waitingFor(s);
        if (!waiting.isEmpty()) {
            return Result.rejected(Code.CONFLICT, waiting.size() + " node(s) have no certificate of the new root yet: "
                    + String.join(", ", waiting.stream().map(Node::hostname).toList()));
        }
        return null;
    }

    static Outcome finish(ClusterState s, Command.FinishCaRotation c) {
        CaState ca = s.ca();
        // the link to the retired root goes: certificates issued from now on chain to the new root only
        return new Outcome(s.withCa(new CaState(ca.next(), null, "", ca.startedAt()),
                c.tokenFingerprint()), Result.ok(ca.next().fingerprint()));
    }
}
