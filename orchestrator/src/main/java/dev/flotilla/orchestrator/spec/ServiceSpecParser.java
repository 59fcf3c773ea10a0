package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.template.TaskTemplates;
import dev.flotilla.orchestrator.template.TemplateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks the flags of {@code service create} and builds a {@link ServiceDefinition}. It reports every problem at
 * once ({@link SpecException#problems()}), each in the user's terms, so nothing is created from a bad spec.
 */
public final class ServiceSpecParser {
    /** The engine refuses smaller memory limits ("Minimum memory limit allowed is 6MB"). */
    public static final long MIN_MEMORY_LIMIT = 6L << 20;
    /** The engine refuses CPU limits below 0.01 CPUs. */
    public static final long MIN_CPU_LIMIT = 10_000_000L;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*");
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
    private static final Pattern IMAGE = Pattern.compile("(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
            + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

    private final List<String> problems = new ArrayList<>();

    private ServiceSpecParser() {
    }

    /** @throws SpecException listing every problem when the flags do not make a valid service */
    public static ServiceDefinition parse(ServiceOptions o) {
        return new ServiceSpecParser().build(o);
    }

    private ServiceDefinition build(ServiceOptions o) {
        String name = name(o.name());
        String serviceName = name == null ? "service" : name;
        String image = image(o.image());
        ServiceMode mode = mode(o.mode());
        ServiceSettings s = o.settings();
        ServiceLists l = o.lists();
        int replicas = replicas(mode, s.replicas());
        int maxPerNode = maxPerNode(mode, s.maxReplicasPerNode());
        List<PortSpec> ports = ports(l.publish());
        List<MountSpec> mounts = mounts(l.mount(), serviceName);
        List<EnvVar> env = env(l.env(), serviceName);
        Map<String, String> labels = labels(l.label());
        List<Constraint> constraints = each(l.constraint(), Constraint::parse);
        Resources reservations = resources("--reserve-cpu", s.reserveCpu(), "--reserve-memory", s.reserveMemory());
        Resources limits = resources("--limit-cpu", s.limitCpu(), "--limit-memory", s.limitMemory());
        checkLimits(s, reservations, limits);
        Duration grace = duration("--stop-grace-period", s.stopGracePeriod(), ServiceDefinition.DEFAULT_STOP_GRACE_PERIOD);
        String hostname = hostname(s.hostname(), serviceName);
        String logDir = logDir(s.logDir(), mounts);
        UpdatePolicy update = policy("--update-", true, s.updateParallelism(), s.updateDelay(),
                s.updateFailureAction(), s.updateMonitor(), s.updateMaxFailureRatio(), s.updateOrder());
        UpdatePolicy rollback = policy("--rollback-", false, s.rollbackParallelism(), s.rollbackDelay(),
                s.rollbackFailureAction(), s.rollbackMonitor(), s.rollbackMaxFailureRatio(), s.rollbackOrder());
        RestartSpec restart = restart(s);
        HealthSpec health = health(s.health());
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new ServiceDefinition(name, image, o.command(), mode, replicas, maxPerNode, ports, mounts, env, labels,
                constraints, reservations, limits, grace, hostname, logDir, update, 0, restart,
                rollback, health);
    }

    /** The {@code --update-*} or {@code --rollback-*} flags ({@code prefix}), Swarm's defaults for those not given. */
    private UpdatePolicy policy(String prefix, boolean rollbackAllowed, String parallelism, String delay,
                                String failureAction, String monitor, String ratio, String order) {
        UpdatePolicy d = UpdatePolicy.DEFAULT;
        UpdatePolicy.FailureAction action = failureAction == null ? d.failureAction()
                : attempt(() -> PolicyWords.failureAction(prefix + "failure-action", failureAction, rollbackAllowed));
        Double maxRatio = ratio == null ? d.maxFailureRatio()
                : attempt(() -> PolicyWords.ratio(prefix + "max-failure-ratio", ratio));
        UpdatePolicy.Order o = order == null ? d.order() : attempt(() -> PolicyWords.order(prefix + "order", order));
        return new UpdatePolicy(count(prefix + "parallelism", parallelism, d.parallelism()),
                duration(prefix + "delay", delay, d.delay()), action,
                duration(prefix + "monitor", monitor, d.monitor()), maxRatio == null ? 0 : maxRatio, o);
    }

    private RestartSpec restart(ServiceSettings s) {
        RestartSpec.Condition condition = s.restartCondition() == null ? RestartSpec.DEFAULT.condition()
                : attempt(() -> RestartSpec.Condition.parse(s.restartCondition()));
        return new RestartSpec(condition, duration("--restart-delay", s.restartDelay(), RestartSpec.DEFAULT.delay()),
                count("--restart-max-attempts", s.restartMaxAttempts(), 0),
                duration("--restart-window", s.restartWindow(), Duration.ZERO));
    }

    /** {@code null} when no health flag is given (the image's check); Docker's limits otherwise. */
    private HealthSpec health(HealthSettings h) {
        if (Boolean.TRUE.equals(h.noHealthcheck())) {
            if (h.anyCheckFlag()) {
                problems.add("--no-healthcheck conflicts with --health-* options: give either --no-healthcheck or"
                        + " the --health-* flags");
            }
            return HealthSpec.DISABLED;
        }
        String cmd = h.healthCmd() == null || h.healthCmd().isBlank() ? null : h.healthCmd();
        HealthSpec spec = new HealthSpec(cmd == null ? null : HealthSpec.shell(cmd),
                healthDuration("--health-interval", h.healthInterval()),
                healthDuration("--health-timeout", h.healthTimeout()), count("--health-retries", h.healthRetries(), 0),
                healthDuration("--health-start-period", h.healthStartPeriod()));
        return spec.equals(new HealthSpec(null, null, null, 0, null)) ? null : spec;
    }

    private Duration healthDuration(String flag, String text) {
        Duration d = duration(flag, text, Duration.ZERO);
        if (!d.isZero() && d.compareTo(HealthSpec.MIN_DURATION) < 0) {
            problems.add(flag + " \"" + text + "\": cannot be less than 1ms; use 0 for the image's value or at least"
                    + " 1ms");
            return Duration.ZERO;
        }
        return d;
    }

    private <T> T attempt(Supplier<T> step) {
        try {
            return step.get();
        } catch (SpecException e) {
            problems.addAll(e.problems());
        } catch (TemplateException e) {
            problems.add(e.getMessage());
        }
        return null;
    }

    private <T> List<T> each(List<String> values, java.util.function.Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String v : values) {
            T t = attempt(() -> parse.apply(v));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private String name(String name) {
        if (name == null || name.isBlank()) {
            problems.add("--name is required: give the service a name, for example --name web");
        } else if (name.length() > 63 || !NAME.matcher(name).matches()) {
            problems.add("--name \"" + name + "\": a service name has at most 63 letters, digits, '-' and '_',"
                    + " and starts and ends with a letter or digit");
        }
        return name;
    }

    private String image(String image) {
        if (image == null || image.isBlank()) {
            problems.add("an image is required: give it after the flags, for example flotilla service create --name"
                    + " web tomcat:11");
        } else if (!IMAGE.matcher(image).matches()) {
            problems.add("image \"" + image + "\" is not a valid image reference: write [host[:port]/]name[:tag]"
                    + " with a lowercase name, for example registry.example/team/web:1.2");
        }
        return image;
    }

    private ServiceMode mode(String mode) {
        if (mode == null) {
            return ServiceMode.REPLICATED;
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "replicated" -> ServiceMode.REPLICATED;
            case "global" -> ServiceMode.GLOBAL;
            default -> {
                problems.add("--mode \"" + mode + "\": use replicated or global");
                yield ServiceMode.REPLICATED;
            }
        };
    }

    private int replicas(ServiceMode mode, String text) {
        if (mode == ServiceMode.GLOBAL) {
            if (text != null) {
                problems.add("--replicas applies only to replicated services, and this one is global (one task"
                        + " per node); remove --replicas");
            }
            return 0;
        }
        return count("--replicas", text, 1);
    }

    private int maxPerNode(ServiceMode mode, String text) {
        if (mode == ServiceMode.GLOBAL && text != null) {
            problems.add("--replicas-max-per-node applies only to replicated services, and this one is global;"
                    + " remove --replicas-max-per-node");
            return 0;
        }
        return count("--replicas-max-per-node", text, 0);
    }

    private int count(String flag, String text, int defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 0) {
                return n;
            }
            problems.add(flag + " " + text.strip() + ": cannot be negative; use 0 or more");
        } catch (NumberFormatException e) {
            problems.add(flag + " \"" + text + "\": not a whole number; write for example " + flag + " 3");
        }
        return defaultValue;
    }

    private List<PortSpec> ports(List<String> values) {
        List<PortSpec> ports = each(values, Ports::parse);
        Set<String> seen = new HashSet<>();
        for (PortSpec p : ports) {
            if (!seen.add(p.published() + "/" + p.protocol())) {
                problems.add("--publish: port " + p.published() + "/" + p.protocol().lowerName()
                        + " is published twice; publish it once");
            }
        }
        return ports;
    }

    private List<MountSpec> mounts(List<String> values, String serviceName) {
        List<MountSpec> mounts = each(values, v -> Mounts.parse(v, serviceName));
        Set<String> seen = new HashSet<>();
        for (MountSpec m : mounts) {
            if (!seen.add(m.target())) {
                problems.add("--mount: the target " + m.target() + " is mounted twice; mount it once");
            }
        }
        return mounts;
    }

    private List<EnvVar> env(List<String> values, String serviceName) {
        List<EnvVar> env = each(values, v -> envVar(v, serviceName));
        Set<String> seen = new HashSet<>();
        for (EnvVar e : env) {
            if (!seen.add(e.name())) {
                problems.add("--env " + e.name() + " is given twice; give it once");
            }
        }
        return env;
    }

    static EnvVar envVar(String text, String serviceName) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new SpecException("--env \"" + text + "\": write NAME=value (Flotilla does not copy values from"
                    + " your shell)");
        }
        String name = text.substring(0, eq);
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == 0)) {
            throw new SpecException("--env \"" + text + "\": the variable name must be non-empty without spaces");
        }
        String value = text.substring(eq + 1);
        TaskTemplates.checkEnvValue(name, value, serviceName);
        return new EnvVar(name, value);
    }

    private Map<String, String> labels(List<String> values) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            String key = (eq < 0 ? v : v.substring(0, eq)).strip();
            if (key.isEmpty()) {
                problems.add("--label \"" + v + "\": the key is empty; write key=value");
            } else if (labels.containsKey(key)) {
                problems.add("--label " + key + " is given twice; give it once");
            } else {
                labels.put(key, eq < 0 ? "" : v.substring(eq + 1));
            }
        }
        return labels;
    }

    private Resources resources(String cpuFlag, String cpu, String memFlag, String mem) {
        Long nanos = cpu == null ? Long.valueOf(0) : attempt(() -> Quantities.parseCpus(cpuFlag, cpu));
        Long bytes = mem == null ? Long.valueOf(0) : attempt(() -> Quantities.parseMemory(memFlag, mem));
        return new Resources(nanos == null ? 0 : nanos, bytes == null ? 0 : bytes);
    }

    private void checkLimits(ServiceSettings o, Resources reservations, Resources limits) {
        if (limits.nanoCpus() > 0 && limits.nanoCpus() < MIN_CPU_LIMIT) {
            problems.add("--limit-cpu " + o.limitCpu() + ": the engine needs at least 0.01 CPUs (or 0 for no limit)");
        }
        if (limits.memoryBytes() > 0 && limits.memoryBytes() < MIN_MEMORY_LIMIT) {
            problems.add("--limit-memory " + o.limitMemory() + ": the engine needs at least 6MiB (or 0 for no limit)");
        }
        if (limits.nanoCpus() > 0 && reservations.nanoCpus() > limits.nanoCpus()) {
            problems.add("--reserve-cpu " + o.reserveCpu() + " is more than --limit-cpu " + o.limitCpu()
                    + "; a task cannot reserve more than it may use");
        }
        if (limits.memoryBytes() > 0 && reservations.memoryBytes() > limits.memoryBytes()) {
            problems.add("--reserve-memory " + o.reserveMemory() + " is more than --limit-memory " + o.limitMemory()
                    + "; a task cannot reserve more than it may use");
        }
    }

    private Duration duration(String flag, String text, Duration defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        Duration d = attempt(() -> GoDuration.parse(flag, text));
        return d == null ? defaultValue : d;
    }

    private String hostname(String text, String serviceName) {
        if (text == null) {
            return null;
        }
        attempt(() -> TaskTemplates.checkHostname(text, serviceName));
        return text;
    }

    private String logDir(String text, List<MountSpec> mounts) {
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            problems.add("--log-dir \"" + text + "\": give the absolute folder inside the container, for example"
                    + " /usr/local/tomcat/logs");
            return null;
        }
        String dir = Mounts.normalize(text);
        if (LogDirs.mountFor(dir, mounts).isEmpty()) {
            problems.add("--log-dir " + dir + " is not inside any --mount target, so the logs would stay in the"
                    + " container; add --mount type=bind,src=/host/logs,dst=" + dir);
        }
        return dir;
    }
}
