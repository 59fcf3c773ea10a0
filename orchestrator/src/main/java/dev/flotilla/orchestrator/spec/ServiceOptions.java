package dev.flotilla.orchestrator.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw values of {@code flotilla service create}, exactly as the user typed them ({@code null} when a flag
 * was not given). {@link ServiceSpecParser#parse} turns them into a checked {@link ServiceDefinition}.
 */
public record ServiceOptions(String name, String image, List<String> command, String mode, String replicas,
                             String maxReplicasPerNode, List<String> publish, List<String> mount, List<String> env,
                             List<String> label, List<String> constraint, String reserveCpu, String reserveMemory,
                             String limitCpu, String limitMemory, String stopGracePeriod, String hostname,
                             String logDir, String updateParallelism, String updateDelay) {
    public ServiceOptions {
        command = command == null ? List.of() : List.copyOf(command);
        publish = publish == null ? List.of() : List.copyOf(publish);
        mount = mount == null ? List.of() : List.copyOf(mount);
        env = env == null ? List.of() : List.copyOf(env);
        label = label == null ? List.of() : List.copyOf(label);
        constraint = constraint == null ? List.of() : List.copyOf(constraint);
    }

    /** The same options under another name (a generated one, when the user gave none). */
    public ServiceOptions withName(String newName) {
        return new ServiceOptions(newName, image, command, mode, replicas, maxReplicasPerNode, publish, mount, env,
                label, constraint, reserveCpu, reserveMemory, limitCpu, limitMemory, stopGracePeriod, hostname, logDir,
                updateParallelism, updateDelay);
    }

    public static Builder builder(String name, String image) {
        return new Builder().name(name).image(image);
    }

    /** Fluent construction for callers that fill the flags one by one (the CLI, tests). */
    public static final class Builder {
        private String name;
        private String image;
        private final List<String> command = new ArrayList<>();
        private String mode;
        private String replicas;
        private String maxReplicasPerNode;
        private final List<String> publish = new ArrayList<>();
        private final List<String> mount = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private final List<String> label = new ArrayList<>();
        private final List<String> constraint = new ArrayList<>();
        private String reserveCpu;
        private String reserveMemory;
        private String limitCpu;
        private String limitMemory;
        private String stopGracePeriod;
        private String hostname;
        private String logDir;
        private String updateParallelism;
        private String updateDelay;

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder command(String... v) { command.addAll(List.of(v)); return this; }
        public Builder mode(String v) { mode = v; return this; }
        public Builder replicas(String v) { replicas = v; return this; }
        public Builder maxReplicasPerNode(String v) { maxReplicasPerNode = v; return this; }
        public Builder publish(String v) { publish.add(v); return this; }
        public Builder mount(String v) { mount.add(v); return this; }
        public Builder env(String v) { env.add(v); return this; }
        public Builder label(String v) { label.add(v); return this; }
        public Builder constraint(String v) { constraint.add(v); return this; }
        public Builder reserveCpu(String v) { reserveCpu = v; return this; }
        public Builder reserveMemory(String v) { reserveMemory = v; return this; }
        public Builder limitCpu(String v) { limitCpu = v; return this; }
        public Builder limitMemory(String v) { limitMemory = v; return this; }
        public Builder stopGracePeriod(String v) { stopGracePeriod = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder logDir(String v) { logDir = v; return this; }
        public Builder updateParallelism(String v) { updateParallelism = v; return this; }
        public Builder updateDelay(String v) { updateDelay = v; return this; }

        public ServiceOptions build() {
            return new ServiceOptions(name, image, command, mode, replicas, maxReplicasPerNode, publish, mount, env,
                    label, constraint, reserveCpu, reserveMemory, limitCpu, limitMemory, stopGracePeriod, hostname,
                    logDir, updateParallelism, updateDelay);
        }
    }
}
