package dev.flotilla.orchestrator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's root CAs, once a rotation has started ({@code flotilla ca --rotate}); a cluster that never rotated
 * has none in its state and uses the root each manager keeps in its data dir.
 *
 * @param current     the root join tokens pin and every node trusts
 * @param next        the root being rotated to, null when no rotation runs: managers issue under it, and nodes
 *                    trust both until each has a certificate from it
 * @param crossSigned the next root's name and key signed by the root before it (PEM), sent along with the
 *                    certificates the next root issues, so that nodes that trust only the old root accept them
 * @param startedAt   when the last rotation started (epoch ms)
 */
public record CaState(RootCa current, RootCa next, String crossSigned, long startedAt) {
    public CaState {
        Objects.requireNonNull(current, "current");
        crossSigned = crossSigned == null ? "" : crossSigned;
    }

    public boolean rotating() {
        return next != null;
    }

    /** The root node certificates are issued under now. */
    public RootCa issuing() {
        return next != null ? next : current;
    }

    /** The root certificates (PEM) nodes trust now: the current one, and the next one during a rotation. */
    public List<String> trusted() {
        List<String> pems = new ArrayList<>();
        pems.add(current.certificate());
        if (next != null) {
            pems.add(next.certificate());
        }
        return pems;
    }
}
