package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceLists;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The repeatable flags of a service ({@link ServiceLists}), spelled as docker spells them: {@code --X} on create,
 * and on update {@code --X-add} (same syntax, replacing an entry with the same key) and {@code --X-rm} (the key).
 * One syntax per family, here; the manager parses an entry the same way whichever flag gave it.
 */
final class ListFlags {
    private static final String PORT = "PUBLISHED:TARGET[/PROTO]";
    private static final String MOUNT = "type=bind,src=..,dst=..[,readonly]";
    private static final String ENV = "NAME=VALUE";
    private static final String LABEL = "KEY=VALUE";
    private static final String CONSTRAINT = "EXPR";

    private ListFlags() {
    }

    /** {@code service create}: the whole lists. */
    static final class Create {
        @Option(names = {"-p", "--publish"}, paramLabel = PORT,
                description = "Publish a port on each node's advertise address (repeatable).")
        List<String> publish = new ArrayList<>();
        @Option(names = "--mount", paramLabel = MOUNT,
                description = "Bind mount; a missing source is created (repeatable; src may hold templates).")
        List<String> mounts = new ArrayList<>();
        @Option(names = {"-e", "--env"}, paramLabel = ENV,
                description = "Environment variable (repeatable; values may hold templates).")
        List<String> env = new ArrayList<>();
        @Option(names = {"-l", "--label"}, paramLabel = LABEL, description = "Service label (repeatable).")
        List<String> labels = new ArrayList<>();
        @Option(names = "--constraint", paramLabel = CONSTRAINT,
                description = "Placement constraint, like node.role==manager (repeatable).")
        List<String> constraints = new ArrayList<>();

        void fill(ServiceOptions.Builder b) {
            publish.forEach(b::publish);
            mounts.forEach(b::mount);
            env.forEach(b::env);
            labels.forEach(b::label);
            constraints.forEach(b::constraint);
        }
    }

    /** {@code service update}: what to add to the lists and what to remove from them. */
    static final class Update {
        @Option(names = "--publish-add", paramLabel = PORT, description = "Publish a port (repeatable).")
        List<String> publishAdd = new ArrayList<>();
        @Option(names = "--publish-rm", paramLabel = "PUBLISHED[/PROTO]",
                description = "Stop publishing a port (repeatable).")
        List<String> publishRm = new ArrayList<>();
        @Option(names = "--mount-add", paramLabel = MOUNT, description = "Add or replace a bind mount (repeatable).")
        List<String> mountAdd = new ArrayList<>();
        @Option(names = "--mount-rm", paramLabel = "TARGET",
                description = "Remove the mount at a container path (repeatable).")
        List<String> mountRm = new ArrayList<>();
        @Option(names = "--env-add", paramLabel = ENV, description = "Add or change a variable (repeatable).")
        List<String> envAdd = new ArrayList<>();
        @Option(names = "--env-rm", paramLabel = "NAME", description = "Remove a variable (repeatable).")
        List<String> envRm = new ArrayList<>();
        @Option(names = "--label-add", paramLabel = LABEL, description = "Add or change a service label (repeatable).")
        List<String> labelAdd = new ArrayList<>();
        @Option(names = "--label-rm", paramLabel = "KEY", description = "Remove a service label (repeatable).")
        List<String> labelRm = new ArrayList<>();
        @Option(names = "--constraint-add", paramLabel = CONSTRAINT,
                description = "Add a placement constraint (repeatable).")
        List<String> constraintAdd = new ArrayList<>();
        @Option(names = "--constraint-rm", paramLabel = CONSTRAINT,
                description = "Remove a placement constraint (repeatable).")
        List<String> constraintRm = new ArrayList<>();

        void fill(ServiceUpdateOptions.Builder b) {
            publishAdd.forEach(b::publishAdd);
            publishRm.forEach(b::publishRm);
            mountAdd.forEach(b::mountAdd);
            mountRm.forEach(b::mountRm);
            envAdd.forEach(b::envAdd);
            envRm.forEach(b::envRm);
            labelAdd.forEach(b::labelAdd);
            labelRm.forEach(b::labelRm);
            constraintAdd.forEach(b::constraintAdd);
            constraintRm.forEach(b::constraintRm);
        }
    }
}
