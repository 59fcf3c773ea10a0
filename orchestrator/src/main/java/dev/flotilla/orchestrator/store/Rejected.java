package dev.flotilla.orchestrator.store;

import dev.flotilla.orchestrator.state.Result;

/** The leader refused a command before replicating it; {@link #result()} says why. */
public final class Rejected extends Exception {
    private final transient Result result;

    public Rejected(Result result) {
        super(result.message());
        this.result = result;
    }

    public Result result() {
        return result;
    }
}
