package dev.flotilla.orchestrator.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw values of {@code flotilla service update} ({@code null} or empty when not given). An empty
 * {@code hostname} or {@code logDir} clears it.
 */
public record ServiceUpdateOptions(String image, List<String> envAdd, List<String> envRm, List<String> labelAdd,
                                   List<String> labelRm, List<String> constraintAdd, List<String> constraintRm,
                                   List<String> publishAdd, List<String> publishRm, List<String> mountAdd,
                                   List<String> mountRm, String replicas, String maxReplicasPerNode,
                                   String reserveCpu, String reserveMemory, String limitCpu, String limitMemory,
                                   String stopGracePeriod, String hostname, String logDir, String updateParallelism,
                                   String updateDelay, boolean force) {
    public ServiceUpdateOptions {
        envAdd = copy(envAdd);
        envRm = copy(envRm);
        labelAdd = copy(labelAdd);
        labelRm = copy(labelRm);
        constraintAdd = copy(constraintAdd);
        constraintRm = copy(constraintRm);
        publishAdd = copy(publishAdd);
        publishRm = copy(publishRm);
        mountAdd = copy(mountAdd);
        mountRm = copy(mountRm);
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction for the CLI and tests. */
    public static final class Builder {
        private String image;
        private final List<String> envAdd = new ArrayList<>();
        private final List<String> envRm = new ArrayList<>();
        private final List<String> labelAdd = new ArrayList<>();
        private final List<String> labelRm = new ArrayList<>();
        private final List<String> constraintAdd = new ArrayList<>();
        private final List<String> constraintRm = new ArrayList<>();
        private final List<String> publishAdd = new ArrayList<>();
        private final List<String> publishRm = new ArrayList<>();
        private final List<String> mountAdd = new ArrayList<>();
        private final List<String> mountRm = new ArrayList<>();
        private String replicas;
        private String maxReplicasPerNode;
        private String reserveCpu;
        private String reserveMemory;
        private String limitCpu;
        private String limitMemory;
        private String stopGracePeriod;
        private String hostname;
        private String logDir;
        private String updateParallelism;
        private String updateDelay;
        private boolean force;

        public Builder image(String v) { image = v; return this; }
        public Builder envAdd(String v) { envAdd.add(v); return this; }
        public Builder envRm(String v) { envRm.add(v); return this; }
        public Builder labelAdd(String v) { labelAdd.add(v); return this; }
        public Builder labelRm(String v) { labelRm.add(v); return this; }
        public Builder constraintAdd(String v) { constraintAdd.add(v); return this; }
        public Builder constraintRm(String v) { constraintRm.add(v); return this; }
        public Builder publishAdd(String v) { publishAdd.add(v); return this; }
        public Builder publishRm(String v) { publishRm.add(v); return this; }
        public Builder mountAdd(String v) { mountAdd.add(v); return this; }
        public Builder mountRm(String v) { mountRm.add(v); return this; }
        public Builder replicas(String v) { replicas = v; return this; }
        public Builder maxReplicasPerNode(String v) { maxReplicasPerNode = v; return this; }
        public Builder reserveCpu(String v) { reserveCpu = v; return this; }
        public Builder reserveMemory(String v) { reserveMemory = v; return this; }
        public Builder limitCpu(String v) { limitCpu = v; return this; }
        public Builder limitMemory(String v) { limitMemory = v; return this; }
        public Builder stopGracePeriod(String v) { stopGracePeriod = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder logDir(String v) { logDir = v; return this; }
        public Builder updateParallelism(String v) { updateParallelism = v; return this; }
        public Builder updateDelay(String v) { updateDelay = v; return this; }
        public Builder force(boolean v) { force = v; return this; }

        public ServiceUpdateOptions build() {
            return new ServiceUpdateOptions(image, envAdd, envRm, labelAdd, labelRm, constraintAdd, constraintRm,
                    publishAdd, publishRm, mountAdd, mountRm, replicas, maxReplicasPerNode, reserveCpu, reserveMemory,
                    limitCpu, limitMemory, stopGracePeriod, hostname, logDir, updateParallelism, updateDelay, force);
        }
    }
}
