package dev.flotilla.orchestrator.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The repeatable flags of a service, as typed: {@code --publish}, {@code --mount}, {@code --env}, {@code --label}
 * and {@code --constraint}. {@code service create} gives the whole lists; {@code service update} gives two of
 * them, what its {@code --X-add} flags add (same syntax as create's) and what its {@code --X-rm} flags remove.
 */
public record ServiceLists(List<String> publish, List<String> mount, List<String> env, List<String> label,
                           List<String> constraint) {
    public static final ServiceLists NONE = new ServiceLists(null, null, null, null, null);

    public ServiceLists {
        publish = copy(publish);
        mount = copy(mount);
        env = copy(env);
        label = copy(label);
        constraint = copy(constraint);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Collects the entries one flag at a time. */
    public static final class Builder {
        private final List<String> publish = new ArrayList<>();
        private final List<String> mount = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private final List<String> label = new ArrayList<>();
        private final List<String> constraint = new ArrayList<>();

        public Builder publish(String v) { publish.add(v); return this; }
        public Builder mount(String v) { mount.add(v); return this; }
        public Builder env(String v) { env.add(v); return this; }
        public Builder label(String v) { label.add(v); return this; }
        public Builder constraint(String v) { constraint.add(v); return this; }

        public ServiceLists build() {
            return new ServiceLists(publish, mount, env, label, constraint);
        }
    }
}
