package dev.flotilla.shipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.shipper.text.Durations;
import dev.flotilla.shipper.text.HostPort;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The top level of agent.yml: which keys exist, their types, limits and defaults. */
final class AgentSchema {
    private static final Duration DAY = Duration.ofDays(1);

    private AgentSchema() {
    }

    static AgentConfig read(Section root, Path baseDir, List<String> problems) {
        String name = root.string("name", null);
        if (name != null && name.isBlank()) {
            root.problem("name", "must not be empty (it becomes host.name; leave it out to use the machine's host name)");
        }
        Section filebeat = root.section("filebeat");
        List<InputConfig> inputs = inputs(root, filebeat, baseDir, problems);
        LogstashConfig logstash = output(root, baseDir);
        QueueConfig queue = queue(root.section("queue"), logstash.bulkMaxSize());
        RegistryConfig registry = registry(root, filebeat, baseDir);
        HttpConfig http = http(root.section("http"));
        Section metrics = root.section("logging").section("metrics");
        boolean metricsOn = metrics.bool("enabled", true);
        Duration period = metrics.duration("period", AgentConfig.DEFAULT_METRICS_PERIOD, Duration.ofSeconds(1), DAY);
        return new AgentConfig(name == null || name.isBlank() ? localHostName() : name, inputs, logstash, queue, registry, http,
                metricsOn ? period : Duration.ZERO);
    }

    private static List<InputConfig> inputs(Section root, Section filebeat, Path baseDir, List<String> problems) {
        boolean top = root.has("inputs");
        boolean nested = filebeat.has("inputs");
        if (top && nested) {
            root.problem("inputs", "given both as inputs and filebeat.inputs; keep one");
        }
        Section owner = nested && !top ? filebeat : root;
        if (!top && !nested) {
            root.problem("inputs", "missing: list the files to ship, e.g. inputs: [{id: tomcat, paths: [/logs/*/catalina*.log]}]"
                    + " (or start with --root DIR --logstash HOST:PORT for the default layout)");
        }
        List<InputConfig> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Section s : owner.sections("inputs")) {
            InputConfig in = InputSchema.read(s, baseDir);
            if (in == null) {
                continue;
            }
            if (!ids.add(in.id())) {
                problems.add(s.keyPath("id") + ": '" + in.id() + "' is used by another input; every input needs its own stable id");
            }
            out.add(in);
        }
        if ((top || nested) && out.isEmpty() && problems.isEmpty()) {
            owner.problem("inputs", "no enabled input: at least one input must be enabled");
        }
        return out;
    }

    private static LogstashConfig output(Section root, Path baseDir) {
        Section output = root.section("output");
        for (String other : List.of("elasticsearch", "kafka", "redis", "file", "console")) {
            if (output.has(other)) {
                output.problem(other, "this agent ships only to Logstash over Beats: use output.logstash");
            }
        }
        Section ls = output.section("logstash");
        List<HostPort> hosts = new ArrayList<>();
        List<String> texts = ls.strings("hosts");
        for (int i = 0; i < texts.size(); i++) {
            try {
                hosts.add(HostPort.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                ls.problem("hosts[" + i + "]", e.getMessage());
            }
        }
        if (texts.isEmpty()) {
            ls.problem("hosts", "missing: list at least one Logstash Beats endpoint, e.g. hosts: [\"logstash:5044\"]");
        }
        boolean loadbalance = ls.bool("loadbalance", false);
        int level = ls.integer("compression_level", LogstashConfig.DEFAULT_COMPRESSION_LEVEL, 0, 9);
        int bulk = ls.integer("bulk_max_size", LogstashConfig.DEFAULT_BULK_MAX_SIZE, 1, 65536);
        int pipelining = ls.integer("pipelining", LogstashConfig.DEFAULT_PIPELINING, 0, 64);
        Duration timeout = ls.duration("timeout", LogstashConfig.DEFAULT_TIMEOUT, Duration.ofMillis(100), DAY);
        Section backoff = ls.section("backoff");
        Duration init = backoff.duration("init", LogstashConfig.DEFAULT_BACKOFF_INIT, Duration.ofMillis(1), DAY);
        Duration max = backoff.duration("max", LogstashConfig.DEFAULT_BACKOFF_MAX, Duration.ofMillis(1), DAY);
        if (max.compareTo(init) < 0) {
            backoff.problem("max", "must be at least backoff.init (" + Durations.format(init) + ")");
        }
        String index = ls.string("index", LogstashConfig.DEFAULT_INDEX);
        if (index.isBlank() || !index.matches("[a-z0-9][a-z0-9._-]*")) {
            ls.problem("index", "expected a lower-case index root name such as logging-agent, got \"" + index + "\"");
        }
        TlsConfig ssl = TlsSchema.read(ls.section("ssl"), baseDir);
        return new LogstashConfig(hosts, loadbalance, level, bulk, pipelining, timeout, init, max, index, ssl);
    }

    private static QueueConfig queue(Section queue, int bulkMaxSize) {
        Section mem = queue.section("mem");
        int events = mem.integer("events", Math.max(QueueConfig.DEFAULT_EVENTS, bulkMaxSize), 16, 10_000_000);
        int bytes = mem.bytes("bytes", QueueConfig.DEFAULT_BYTES, 64 * 1024, 1024 * 1024 * 1024);
        Section flush = mem.section("flush");
        int minEvents = flush.integer("min_events", Math.min(bulkMaxSize, events), 1, 10_000_000);
        if (minEvents > events) {
            flush.problem("min_events", "must not exceed queue.mem.events (" + events + ")");
        }
        Duration timeout = flush.duration("timeout", QueueConfig.DEFAULT_FLUSH_TIMEOUT, Duration.ZERO, Duration.ofMinutes(1));
        return new QueueConfig(events, bytes, Math.min(minEvents, events), timeout);
    }

    private static RegistryConfig registry(Section root, Section filebeat, Path baseDir) {
        boolean top = root.has("registry");
        boolean nested = filebeat.has("registry");
        if (top && nested) {
            root.problem("registry", "given both as registry and filebeat.registry; keep one");
        }
        Section reg = nested && !top ? filebeat.section("registry") : root.section("registry");
        String path = reg.string("path", null);
        Duration flush = reg.duration("flush", RegistryConfig.DEFAULT_FLUSH, Duration.ZERO, Duration.ofMinutes(10));
        Path p = path == null ? RegistryConfig.DEFAULT_PATH : Path.of(path);
        return new RegistryConfig(baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p), flush);
    }

    private static HttpConfig http(Section http) {
        boolean enabled = http.bool("enabled", true);
        String host = http.string("host", HttpConfig.DEFAULT_HOST);
        int port = http.integer("port", HttpConfig.DEFAULT_PORT, 0, 65535);
        return new HttpConfig(enabled, host, port);
    }

    static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    static String constantOf(String text) {
        return text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static Object plain(JsonNode v) {
        if (v.isObject()) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asText();
    }
}
