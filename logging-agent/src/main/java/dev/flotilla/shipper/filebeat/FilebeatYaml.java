package dev.flotilla.shipper.filebeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.InputConfig;
import dev.flotilla.shipper.config.LogstashConfig;
import dev.flotilla.shipper.config.MultilineConfig;
import dev.flotilla.shipper.config.TlsConfig;
import dev.flotilla.shipper.discovery.InputRuntime;
import dev.flotilla.shipper.event.Datasets;
import dev.flotilla.shipper.text.Durations;
import dev.flotilla.shipper.text.HostPort;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the filebeat.yml that does what an agent configuration does, for teams that keep Filebeat: one
 * {@code filestream} input per input with the same stable id, the multiline parser, a {@code dissect} of
 * {@code log.file.path} giving {@code container.name}, {@code event.dataset} and the user's fields, and the same
 * {@code output.logstash}. What Filebeat cannot do (the orchestrator's metadata file, the partial-line timeout,
 * copytruncate without loss) is said in comments at the top.
 */
public final class FilebeatYaml {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private FilebeatYaml() {
    }

    public static String render(AgentConfig config) {
        ObjectNode root = YAML.createObjectNode();
        ArrayNode inputs = root.putArray("filebeat.inputs");
        for (InputConfig in : config.inputs()) {
            inputs.add(input(in));
        }
        boolean accessLogs = config.inputs().stream().anyMatch(InputConfig::parseAccessLog);
        root.put("filebeat.registry.path", config.registry().path().resolveSibling("filebeat-registry").toString());
        root.put("name", config.name());
        root.set("output.logstash", output(config.logstash()));
        ObjectNode mem = root.putObject("queue.mem");
        mem.put("events", config.queue().events());
        mem.put("flush.min_events", config.queue().flushMinEvents());
        mem.put("flush.timeout", Durations.format(config.queue().flushTimeout()));
        if (config.http().enabled()) {
            root.put("http.enabled", true);
            root.put("http.host", config.http().host());
            root.put("http.port", config.http().port());
        }
        if (!config.metricsPeriod().isZero()) {
            root.put("logging.metrics.period", Durations.format(config.metricsPeriod()));
        }
        try {
            return header(accessLogs) + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write filebeat.yml", e);
        }
    }

    private static String header(boolean accessLogs) {
        String access = !accessLogs ? "" : """
                #  - access_log.parse: the agent parses access-log lines into http.*, url.*, source.address; this file
                #    ships them as plain messages: parse them in Logstash (grok %{COMBINEDAPACHELOG}) instead.
                """;
        return """
                # filebeat.yml written by `logging-agent filebeat-config`, equivalent to the agent's configuration.
                # Differences Filebeat cannot close:
                #  - service.name, task id and slot come from the orchestrator's .flotilla-task.json; Filebeat
                #    does not read it, so events carry container.name (from the folder) but not service.name.
                #  - the agent ships a last line without newline after partial_line_timeout; Filebeat waits for it.
                #  - the agent reads the copy made by copytruncate to recover the unread tail; Filebeat may lose it.
                """ + access;
    }

    private static ObjectNode input(InputConfig in) {
        ObjectNode n = YAML.createObjectNode();
        n.put("type", "filestream");
        n.put("id", in.id());
        ArrayNode paths = n.putArray("paths");
        in.paths().stream().flatMap(p -> GoGlobs.translate(p).stream()).distinct().forEach(paths::add);
        if (!in.excludeFiles().isEmpty()) {
            ArrayNode ex = n.putArray("prospector.scanner.exclude_files");
            in.excludeFiles().stream().map(Pattern::pattern).forEach(ex::add);
        }
        n.put("prospector.scanner.check_interval", Durations.format(in.checkInterval()));
        if (!in.ignoreOlder().isZero()) {
            n.put("ignore_older", Durations.format(in.ignoreOlder()));
        }
        n.put("close.on_state_change.inactive", Durations.format(in.closeInactive()));
        n.put("close.on_state_change.removed", true);
        if (in.harvesterLimit() > 0) {
            n.put("harvester_limit", in.harvesterLimit());
        }
        n.put("message_max_bytes", in.messageMaxBytes());
        if (in.multiline() != null) {
            n.putArray("parsers").addObject().set("multiline", multiline(in.multiline()));
        }
        if (!in.fields().isEmpty()) {
            ObjectNode f = n.putObject("fields");
            for (Map.Entry<String, Object> e : in.fields().entrySet()) {
                f.set(e.getKey(), YAML.valueToTree(e.getValue()));
            }
            if (in.fieldsUnderRoot()) {
                n.put("fields_under_root", true);
            }
        }
        n.set("processors", processors(in));
        return n;
    }

    private static ObjectNode multiline(MultilineConfig m) {
        ObjectNode n = YAML.createObjectNode();
        n.put("type", "pattern");
        n.put("pattern", m.pattern().pattern());
        n.put("negate", m.negate());
        n.put("match", m.match().name().toLowerCase(Locale.ROOT));
        n.put("max_lines", m.maxLines());
        n.put("timeout", Durations.format(m.timeout()));
        return n;
    }

    private static ArrayNode processors(InputConfig in) {
        ArrayNode p = YAML.createArrayNode();
        Path base = new InputRuntime(in).globs().get(0).base();
        ObjectNode dissect = p.addObject().putObject("dissect");
        String prefix = base.toString().equals("/") ? "" : base.toString();
        dissect.put("tokenizer", prefix + "/%{container.name}/%{?file}");
        dissect.put("field", "log.file.path");
        dissect.put("target_prefix", "");
        dissect.put("ignore_failure", true);
        if (in.dataset() != null) {
            addDataset(p, null, in.dataset());
        } else {
            // the agent derives event.dataset from the file name (Datasets): the same rules as conditions; the
            // prefixes do not overlap, so each file matches exactly one
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, String> rule : Datasets.BY_PREFIX) {
                String name = rule.getKey().replace(".", "\\.");
                names.add(name);
                addDataset(p, regexp("/" + name + "[^/]*$"), rule.getValue());
            }
            ObjectNode otherwise = YAML.createObjectNode();
            otherwise.set("not", regexp("/(" + String.join("|", names) + ")[^/]*$"));
            addDataset(p, otherwise, Datasets.LOGBACK);
        }
        return p;
    }

    private static void addDataset(ArrayNode processors, ObjectNode when, String dataset) {
        ObjectNode add = processors.addObject().putObject("add_fields");
        if (when != null) {
            add.set("when", when);
        }
        add.put("target", "event");
        add.putObject("fields").put("dataset", dataset);
    }

    private static ObjectNode regexp(String pathPattern) {
        ObjectNode c = YAML.createObjectNode();
        c.putObject("regexp").put("log.file.path", pathPattern);
        return c;
    }

    private static ObjectNode output(LogstashConfig c) {
        ObjectNode n = YAML.createObjectNode();
        ArrayNode hosts = n.putArray("hosts");
        for (HostPort h : c.hosts()) {
            hosts.add(h.toString());
        }
        n.put("loadbalance", c.loadbalance());
        n.put("compression_level", c.compressionLevel());
        n.put("bulk_max_size", c.bulkMaxSize());
        n.put("pipelining", c.pipelining());
        n.put("timeout", seconds(c.timeout()));
        n.put("backoff.init", Durations.format(c.backoffInit()));
        n.put("backoff.max", Durations.format(c.backoffMax()));
        n.put("index", c.index());
        TlsConfig t = c.ssl();
        if (t.enabled()) {
            ObjectNode ssl = n.putObject("ssl");
            ssl.put("enabled", true);
            if (!t.certificateAuthorities().isEmpty()) {
                ArrayNode cas = ssl.putArray("certificate_authorities");
                t.certificateAuthorities().forEach(p -> cas.add(p.toString()));
            }
            if (t.certificate() != null) {
                ssl.put("certificate", t.certificate().toString());
                ssl.put("key", t.key().toString());
            }
            ssl.put("verification_mode", t.verificationMode().name().toLowerCase(Locale.ROOT));
        }
        return n;
    }

    private static String seconds(Duration d) {
        return Durations.format(d);
    }
}
