package dev.flotilla.orchestrator.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies {@code service update} flags to a definition the way Docker does (removals first, then additions, an
 * addition replacing the entry with the same key), then re-checks the result as a whole with the same rules as
 * {@code service create}. A removal that matches nothing is an error, so a typo never passes silently.
 */
public final class ServiceUpdater {
    private final List<String> problems = new ArrayList<>();

    private ServiceUpdater() {
    }

    /** @throws SpecException listing every problem */
    public static ServiceDefinition apply(ServiceDefinition current, ServiceUpdateOptions update) {
        return new ServiceUpdater().run(current, update);
    }

    private ServiceDefinition run(ServiceDefinition current, ServiceUpdateOptions u) {
        String name = current.name();
        List<EnvVar> env = env(current.env(), u, name);
        Map<String, String> labels = labels(current.labels(), u);
        List<Constraint> constraints = constraints(current.constraints(), u);
        List<PortSpec> ports = ports(current.ports(), u);
        List<MountSpec> mounts = mounts(current.mounts(), u, name);

        ServiceOptions base = current.toOptions();
        ServiceOptions.Builder b = ServiceOptions.builder(name, or(u.image(), base.image()))
                .command(base.command().toArray(String[]::new))
                .mode(base.mode())
                .replicas(or(u.replicas(), base.replicas()))
                .maxReplicasPerNode(or(u.maxReplicasPerNode(), base.maxReplicasPerNode()))
                .reserveCpu(or(u.reserveCpu(), base.reserveCpu()))
                .reserveMemory(or(u.reserveMemory(), base.reserveMemory()))
                .limitCpu(or(u.limitCpu(), base.limitCpu()))
                .limitMemory(or(u.limitMemory(), base.limitMemory()))
                .stopGracePeriod(or(u.stopGracePeriod(), base.stopGracePeriod()))
                .hostname(clearable(u.hostname(), base.hostname()))
                .logDir(clearable(u.logDir(), base.logDir()))
                .updateParallelism(or(u.updateParallelism(), base.updateParallelism()))
                .updateDelay(or(u.updateDelay(), base.updateDelay()));
        env.forEach(e -> b.env(e.format()));
        labels.forEach((k, v) -> b.label(k + "=" + v));
        constraints.forEach(c -> b.constraint(c.format()));
        ports.forEach(p -> b.publish(p.format()));
        mounts.forEach(m -> b.mount(m.format()));
        ServiceDefinition next = attempt(() -> ServiceSpecParser.parse(b.build()));
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return next.withForceUpdate(current.forceUpdate() + (u.force() ? 1 : 0));
    }

    private List<EnvVar> env(List<EnvVar> current, ServiceUpdateOptions u, String name) {
        List<EnvVar> env = new ArrayList<>(current);
        u.envRm().forEach(n -> remove(env, e -> e.name().equals(n), "--env-rm " + n, "the service has no variable " + n));
        for (String add : u.envAdd()) {
            EnvVar e = attempt(() -> ServiceSpecParser.envVar(add, name));
            if (e != null) {
                env.removeIf(x -> x.name().equals(e.name()));
                env.add(e);
            }
        }
        return env;
    }

    private Map<String, String> labels(Map<String, String> current, ServiceUpdateOptions u) {
        Map<String, String> labels = new LinkedHashMap<>(current);
        for (String key : u.labelRm()) {
            if (!labels.containsKey(key)) {
                problems.add("--label-rm " + key + ": the service has no label " + key + "; see service inspect");
            }
            labels.remove(key);
        }
        for (String add : u.labelAdd()) {
            int eq = add.indexOf('=');
            String key = (eq < 0 ? add : add.substring(0, eq)).strip();
            if (key.isEmpty()) {
                problems.add("--label-add \"" + add + "\": the key is empty; write key=value");
            } else {
                labels.put(key, eq < 0 ? "" : add.substring(eq + 1));
            }
        }
        return labels;
    }

    private List<Constraint> constraints(List<Constraint> current, ServiceUpdateOptions u) {
        List<Constraint> constraints = new ArrayList<>(current);
        for (String rm : u.constraintRm()) {
            Constraint c = attempt(() -> Constraint.parse(rm));
            if (c != null) {
                remove(constraints, x -> x.format().equalsIgnoreCase(c.format()), "--constraint-rm " + rm,
                        "the service has no constraint " + c.format());
            }
        }
        for (String add : u.constraintAdd()) {
            Constraint c = attempt(() -> Constraint.parse(add));
            if (c != null && constraints.stream().noneMatch(x -> x.format().equalsIgnoreCase(c.format()))) {
                constraints.add(c);
            }
        }
        return constraints;
    }

    private List<PortSpec> ports(List<PortSpec> current, ServiceUpdateOptions u) {
        List<PortSpec> ports = new ArrayList<>(current);
        for (String rm : u.publishRm()) {
            String t = rm.strip();
            int slash = t.indexOf('/');
            String proto = slash < 0 ? null : t.substring(slash + 1);
            String published = (slash < 0 ? t : t.substring(0, slash)).split(":")[0];
            remove(ports, p -> Integer.toString(p.published()).equals(published)
                            && (proto == null || p.protocol().lowerName().equalsIgnoreCase(proto)),
                    "--publish-rm " + rm, "the service publishes no port " + t);
        }
        for (String add : u.publishAdd()) {
            PortSpec p = attempt(() -> Ports.parse(add));
            if (p != null) {
                ports.removeIf(x -> x.published() == p.published() && x.protocol() == p.protocol());
                ports.add(p);
            }
        }
        return ports;
    }

    private List<MountSpec> mounts(List<MountSpec> current, ServiceUpdateOptions u, String name) {
        List<MountSpec> mounts = new ArrayList<>(current);
        for (String rm : u.mountRm()) {
            String target = Mounts.normalize(rm.strip());
            remove(mounts, m -> m.target().equals(target), "--mount-rm " + rm, "the service mounts nothing at " + target);
        }
        for (String add : u.mountAdd()) {
            MountSpec m = attempt(() -> Mounts.parse(add, name));
            if (m != null) {
                mounts.removeIf(x -> x.target().equals(m.target()));
                mounts.add(m);
            }
        }
        return mounts;
    }

    private <T> void remove(List<T> list, Predicate<T> match, String flag, String why) {
        if (!list.removeIf(match)) {
            problems.add(flag + ": " + why + "; see service inspect for what it has");
        }
    }

    private <T> T attempt(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (SpecException e) {
            problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return null;
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
}
