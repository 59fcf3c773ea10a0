package dev.flotilla.orchestrator.reconcile;

/** Where new task ids come from: random ids in a manager, a counter in tests, so reconciling stays a pure function. */
@FunctionalInterface
public interface IdSource {
    String next();
}
