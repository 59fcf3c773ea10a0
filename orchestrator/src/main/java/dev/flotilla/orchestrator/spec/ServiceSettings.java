package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The flags that set one value of a service, spelled and meant the same on {@code service create} and
 * {@code service update}, exactly as the user typed them ({@code null} when not given). Create gives a missing
 * one its default ({@link ServiceSpecParser}); update keeps the service's current value ({@link #overriddenBy}).
 * The health-check flags are a group of their own ({@link HealthSettings}), flat in JSON like the others.
 */
public record ServiceSettings(String replicas, String maxReplicasPerNode, String reserveCpu, String reserveMemory,
                              String limitCpu, String limitMemory, String stopGracePeriod, String hostname,
                              String logDir, String updateParallelism, String updateDelay, String restartCondition,
                              String restartDelay, String restartMaxAttempts, String restartWindow,
                              String updateFailureAction, String updateMonitor, String updateMaxFailureRatio,
                              String updateOrder, String rollbackParallelism, String rollbackDelay,
                              String rollbackFailureAction, String rollbackMonitor, String rollbackMaxFailureRatio,
                              String rollbackOrder, @JsonUnwrapped HealthSettings health) {
    public static final ServiceSettings NONE = new ServiceSettings(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            HealthSettings.NONE);

    public ServiceSettings {
        health = health == null ? HealthSettings.NONE : health;
    }

    /**
     * These settings with each value {@code changes} gives in place of this one's. An empty hostname or log folder
     * clears it ({@code service update --hostname ""} goes back to the default hostname).
     */
    public ServiceSettings overriddenBy(ServiceSettings changes) {
        return new ServiceSettings(or(changes.replicas, replicas), or(changes.maxReplicasPerNode, maxReplicasPerNode),
                or(changes.reserveCpu, reserveCpu), or(changes.reserveMemory, reserveMemory),
                or(changes.limitCpu, limitCpu), or(changes.limitMemory, limitMemory),
                or(changes.stopGracePeriod, stopGracePeriod), clearable(changes.hostname, hostname),
                clearable(changes.logDir, logDir), or(changes.updateParallelism, updateParallelism),
                or(changes.updateDelay, updateDelay), or(changes.restartCondition, restartCondition),
                or(changes.restartDelay, restartDelay), or(changes.restartMaxAttempts, restartMaxAttempts),
                or(changes.restartWindow, restartWindow), or(changes.updateFailureAction, updateFailureAction),
                or(changes.updateMonitor, updateMonitor), or(changes.updateMaxFailureRatio, updateMaxFailureRatio),
                or(changes.updateOrder, updateOrder), or(changes.rollbackParallelism, rollbackParallelism),
                or(changes.rollbackDelay, rollbackDelay), or(changes.rollbackFailureAction, rollbackFailureAction),
                or(changes.rollbackMonitor, rollbackMonitor),
                or(changes.rollbackMaxFailureRatio, rollbackMaxFailureRatio), or(changes.rollbackOrder, rollbackOrder),
                health.overriddenBy(changes.health));
    }

    private static String or(String given, String current) {
        return given != null ? given : current;
    }

    private static String clearable(String given, String current) {
        if (given == null) {
            return current;
        }
        return given.isEmpty() ? null : given;
    }

    /**
     * The setters of these flags, written once for the builders of {@link ServiceOptions} (create) and
     * {@link ServiceUpdateOptions} (update).
     *
     * @param <B> the concrete builder, so that calls chain
     */
    public abstract static class Builder<B extends Builder<B>> {
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
        private String restartCondition;
        private String restartDelay;
        private String restartMaxAttempts;
        private String restartWindow;
        private String updateFailureAction;
        private String updateMonitor;
        private String updateMaxFailureRatio;
        private String updateOrder;
        private String rollbackParallelism;
        private String rollbackDelay;
        private String rollbackFailureAction;
        private String rollbackMonitor;
        private String rollbackMaxFailureRatio;
        private String rollbackOrder;
        private HealthSettings health = HealthSettings.NONE;

        public B replicas(String v) { replicas = v; return self(); }
        public B maxReplicasPerNode(String v) { maxReplicasPerNode = v; return self(); }
        public B reserveCpu(String v) { reserveCpu = v; return self(); }
        public B reserveMemory(String v) { reserveMemory = v; return self(); }
        public B limitCpu(String v) { limitCpu = v; return self(); }
        public B limitMemory(String v) { limitMemory = v; return self(); }
        public B stopGracePeriod(String v) { stopGracePeriod = v; return self(); }
        public B hostname(String v) { hostname = v; return self(); }
        public B logDir(String v) { logDir = v; return self(); }
        public B updateParallelism(String v) { updateParallelism = v; return self(); }
        public B updateDelay(String v) { updateDelay = v; return self(); }
        public B restartCondition(String v) { restartCondition = v; return self(); }
        public B restartDelay(String v) { restartDelay = v; return self(); }
        public B restartMaxAttempts(String v) { restartMaxAttempts = v; return self(); }
        public B restartWindow(String v) { restartWindow = v; return self(); }
        public B updateFailureAction(String v) { updateFailureAction = v; return self(); }
        public B updateMonitor(String v) { updateMonitor = v; return self(); }
        public B updateMaxFailureRatio(String v) { updateMaxFailureRatio = v; return self(); }
        public B updateOrder(String v) { updateOrder = v; return self(); }
        public B rollbackParallelism(String v) { rollbackParallelism = v; return self(); }
        public B rollbackDelay(String v) { rollbackDelay = v; return self(); }
        public B rollbackFailureAction(String v) { rollbackFailureAction = v; return self(); }
        public B rollbackMonitor(String v) { rollbackMonitor = v; return self(); }
        public B rollbackMaxFailureRatio(String v) { rollbackMaxFailureRatio = v; return self(); }
        public B rollbackOrder(String v) { rollbackOrder = v; return self(); }
        public B health(HealthSettings v) { health = v; return self(); }

        /** The settings given so far. */
        public ServiceSettings settings() {
            return new ServiceSettings(replicas, maxReplicasPerNode, reserveCpu, reserveMemory, limitCpu, limitMemory,
                    stopGracePeriod, hostname, logDir, updateParallelism, updateDelay, restartCondition, restartDelay,
                    restartMaxAttempts, restartWindow, updateFailureAction, updateMonitor, updateMaxFailureRatio,
                    updateOrder, rollbackParallelism, rollbackDelay, rollbackFailureAction, rollbackMonitor,
                    rollbackMaxFailureRatio, rollbackOrder, health);
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
