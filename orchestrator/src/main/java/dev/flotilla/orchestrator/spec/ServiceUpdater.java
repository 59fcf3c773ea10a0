package dev.flotilla.orchestrator.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies {@code service update} flags to a definition the way Docker does (removals first, then additions, an
 * addition replacing the entry with the same key; given settings replace the current ones), then re-checks the
 * result as a whole: the definition goes back to create's flags ({@link ServiceDefinition#toOptions}), the update
 * is applied to them, and {@link ServiceSpecParser} parses them with the same rules as {@code service create}. A removal that matches nothing is an error, so a typo never passes silently.
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
        ServiceOptions changed = new ServiceOptions(name, u.image() != null ? u.image() : base.image(), base.command(),
                base.mode(), base.settings().overriddenBy(u.settings()),
                ServiceDefinition.lists(ports, mounts, env, labels, constraints));
        ServiceDefinition next = attempt(() -> ServiceSpecParser.parse(changed));
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return next.withForceUpdate(current.forceUpdate() + (u.force() ? 1 : 0));
    }

    private List<EnvVar> env(List<EnvVar> current, ServiceUpdateOptions u, String name) {
        List<EnvVar> env = new ArrayList<>(current);
        u.remove().env().forEach(n -> remove(env, e -> e.name().equals(n), "--env-rm " + n, "the service has no variable " + n));
        for (String add : u.add().env()) {
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
        for (String key : u.remove().label()) {
            if (!labels.containsKey(key)) {
                problems.add("--label-rm " + key + ": the service has no label " + key + "; see service inspect");
            }
            labels.remove(key);
        }
        for (String add : u.add().label()) {
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
        for (String rm : u.remove().constraint()) {
            Constraint c = attempt(() -> Constraint.parse(rm));
            if (c != null) {
                remove(constraints, x -> x.format().equalsIgnoreCase(c.format()), "--constraint-rm " + rm,
                        "the service has no constraint " + c.format());
            }
        }
        for (String add : u.add().constraint()) {
            Constraint c = attempt(() -> Constraint.parse(add));
            if (c != null && constraints.stream().noneMatch(x -> x.format().equalsIgnoreCase(c.format()))) {
                constraints.add(c);
            }
        }
        return constraints;
    }

    private List<PortSpec> ports(List<PortSpec> current, ServiceUpdateOptions u) {
        List<PortSpec> ports = new ArrayList<>(current);
        for (String rm : u.remove().publish()) {
            String t = rm.strip();
            int slash = t.indexOf('/');
            String proto = slash < 0 ? null : t.substring(slash + 1);
            String published = (slash < 0 ? t : t.substring(0, slash)).split(":")[0];
            remove(ports, p -> Integer.toString(p.published()).equals(published)
                            && (proto == null || p.protocol().lowerName().equalsIgnoreCase(proto)),
                    "--publish-rm " + rm, "the service publishes no port " + t);
        }
        for (String add : u.add().publish()) {
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
        for (String rm : u.remove().mount()) {
            String target = Mounts.normalize(rm.strip());
            remove(mounts, m -> m.target().equals(target), "--mount-rm " + rm, "the service mounts nothing at " + target);
        }
        for (String add : u.add().mount()) {
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

}
