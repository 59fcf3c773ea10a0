package dev.flotilla.shipper.config;

import dev.flotilla.shipper.text.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            inputs:
              - id: app
                paths: [/logs/*/app.log]
            output.logstash:
              hosts: ["ls:5044"]
            """;

    static AgentConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "agent.yml", Path.of("/etc/agent"));
    }

    static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused:\n" + yaml);
    }

    @Test
    void minimalConfigGetsFilebeatDefaults() {
        AgentConfig c = parse(MINIMAL);
        assertThat(c.inputs()).hasSize(1);
        InputConfig in = c.inputs().get(0);
        assertThat(in.id()).isEqualTo("app");
        assertThat(in.closeInactive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(in.multiline()).isNull();
        assertThat(in.dataset()).isNull();
        assertThat(c.logstash().hosts()).containsExactly(new HostPort("ls", 5044));
        assertThat(c.logstash().bulkMaxSize()).isEqualTo(2048);
        assertThat(c.logstash().pipelining()).isEqualTo(2);
        assertThat(c.logstash().compressionLevel()).isEqualTo(3);
        assertThat(c.logstash().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.logstash().ssl().enabled()).isFalse();
        assertThat(c.queue().events()).isEqualTo(4096);
        assertThat(c.registry().path()).isEqualTo(Path.of("/etc/agent/data/registry"));
        assertThat(c.http()).isEqualTo(new HttpConfig(true, "127.0.0.1", 5066));
        assertThat(c.name()).isNotBlank();
    }

    @Test
    void everyOptionIsRead() {
        AgentConfig c = parse("""
                name: node7
                filebeat.inputs:
                  - type: filestream
                    id: tomcat
                    paths: [/logs/*/catalina*.log, /old/*.log]
                    exclude_files: ['\\.gz$']
                    ignore_older: 48h
                    close: {inactive: 10m, removed_after: 30s}
                    harvester_limit: 100
                    message_max_bytes: 64KiB
                    partial_line_timeout: 2s
                    dataset: tomcat.catalina
                    multiline: {preset: tomcat_juli, max_lines: 50, timeout: 1s}
                    fields: {env: prod, team.name: web}
                    fields_under_root: true
                    access_log.parse: true
                    prospector.scanner.check_interval: 500ms
                output.logstash:
                  hosts: ["a:5044", "[::1]:5045", "b"]
                  loadbalance: true
                  compression_level: 1
                  bulk_max_size: 512
                  pipelining: 4
                  timeout: 1m30s
                  backoff: {init: 2s, max: 2m}
                  index: flotilla
                queue.mem: {events: 8192, bytes: 16MiB, flush: {min_events: 256, timeout: 20ms}}
                filebeat.registry.path: /var/lib/agent
                registry.flush: 0
                http: {enabled: false, host: 0.0.0.0, port: 0}
                logging.metrics.period: 10s
                """.replace("registry.flush: 0\n", ""));
        InputConfig in = c.inputs().get(0);
        assertThat(c.name()).isEqualTo("node7");
        assertThat(in.paths()).containsExactly("/logs/*/catalina*.log", "/old/*.log");
        assertThat(in.excluded("/logs/a/catalina.log.gz")).isTrue();
        assertThat(in.ignoreOlder()).isEqualTo(Duration.ofHours(48));
        assertThat(in.closeInactive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(in.closeRemovedAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(in.harvesterLimit()).isEqualTo(100);
        assertThat(in.messageMaxBytes()).isEqualTo(65536);
        assertThat(in.partialLineAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(in.dataset()).isEqualTo("tomcat.catalina");
        assertThat(in.multiline().pattern().pattern()).isEqualTo(MultilineConfig.TOMCAT_JULI_PATTERN);
        assertThat(in.multiline().negate()).isTrue();
        assertThat(in.multiline().maxLines()).isEqualTo(50);
        assertThat(in.multiline().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(in.fields()).containsEntry("env", "prod").containsEntry("team.name", "web");
        assertThat(in.fieldsUnderRoot()).isTrue();
        assertThat(in.parseAccessLog()).isTrue();
        assertThat(in.checkInterval()).isEqualTo(Duration.ofMillis(500));
        LogstashConfig ls = c.logstash();
        assertThat(ls.hosts()).containsExactly(new HostPort("a", 5044), new HostPort("::1", 5045), new HostPort("b", 5044));
        assertThat(ls.loadbalance()).isTrue();
        assertThat(ls.compressionLevel()).isEqualTo(1);
        assertThat(ls.bulkMaxSize()).isEqualTo(512);
        assertThat(ls.pipelining()).isEqualTo(4);
        assertThat(ls.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(ls.backoffInit()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ls.backoffMax()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ls.index()).isEqualTo("flotilla");
        assertThat(c.queue()).isEqualTo(new QueueConfig(8192, 16 * 1024 * 1024, 256, Duration.ofMillis(20)));
        assertThat(c.registry().path()).isEqualTo(Path.of("/var/lib/agent"));
        assertThat(c.http()).isEqualTo(new HttpConfig(false, "0.0.0.0", 0));
        assertThat(c.metricsPeriod()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void unknownKeysAreRefusedWithTheirPathAndTheAllowedKeys() {
        List<String> p = problems(MINIMAL + "output.logstash.bulk_max_sise: 10\ninputs_extra: 1\n");
        assertThat(p).anySatisfy(s -> assertThat(s)
                .startsWith("output.logstash.bulk_max_sise: unknown key (did you mean 'bulk_max_size'?)")
                .contains("allowed here:").contains("hosts").contains("pipelining"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("inputs_extra: unknown key"));
    }

    @Test
    void unknownKeyInsideAnInputNamesItsIndex() {
        List<String> p = problems("""
                inputs:
                  - id: a
                    paths: [/x/*.log]
                  - id: b
                    paths: [/y/*.log]
                    multiline: {pattern: '^x', match: after, negat: true}
                output.logstash.hosts: [h]
                """);
        assertThat(p).singleElement().asString()
                .startsWith("inputs[1].multiline.negat: unknown key (did you mean 'negate'?)");
    }

    @Test
    void aFlattenedNestedKeyIsAnsweredWithTheDottedOne() {
        List<String> p = problems("""
                inputs:
                  - id: a
                    paths: [/x/*.log]
                    close_inactive: 1m
                    multiline_pattern: '^x'
                output.logstash.hosts: [h]
                output.logstash.ssl_enabled: true
                """);
        assertThat(p).containsExactly(
                "inputs[0].close_inactive: unknown key (did you mean 'close.inactive'?); allowed here: "
                        + p.get(0).substring(p.get(0).indexOf("allowed here: ") + 14),
                p.get(1), p.get(2));
        assertThat(p.get(1)).startsWith("inputs[0].multiline_pattern: unknown key (did you mean 'multiline.pattern'?)");
        assertThat(p.get(2)).startsWith("output.logstash.ssl_enabled: unknown key (did you mean 'ssl.enabled'?)");
    }

    @Test
    void wrongTypesAreRefusedWithWhatIsAllowed() {
        List<String> p = problems("""
                inputs:
                  - id: a
                    paths: /x/*.log
                    harvester_limit: many
                    close.inactive: 5 minutes
                    fields_under_root: "yes"
                output.logstash:
                  hosts: ["h:5044"]
                  pipelining: 2.5
                  loadbalance: 1
                """);
        assertThat(p).containsExactlyInAnyOrder(
                "inputs[0].harvester_limit: expected a whole number from 0 to 1000000, got \"many\"",
                "inputs[0].close.inactive: expected a duration such as 500ms, 10s, 5m or 1h, got \"5 minutes\"",
                "inputs[0].fields_under_root: expected true or false, got \"yes\"",
                "output.logstash.pipelining: expected a whole number from 0 to 64, got 2.5",
                "output.logstash.loadbalance: expected true or false, got 1");
    }

    @Test
    void fieldsUnderRootMayNotReuseTheAgentsOwnNames() {
        List<String> p = problems("""
                inputs:
                  - id: a
                    paths: [/x/*.log]
                    fields_under_root: true
                    fields: {message: hi, service.name: mine, "@timestamp": now, team: web, hostname: h1}
                output.logstash:
                  hosts: ["h:5044"]
                """);
        assertThat(p).hasSize(3);
        assertThat(p.get(0)).startsWith("inputs[0].fields.message: \"message\" is written by the agent itself")
                .contains("rename the field, or drop fields_under_root");
        assertThat(p.get(1)).startsWith("inputs[0].fields.service.name: \"service\" is written by the agent itself");
        assertThat(p.get(2)).startsWith("inputs[0].fields.@timestamp: ");

        AgentConfig underFields = parse("""
                inputs:
                  - id: a
                    paths: [/x/*.log]
                    fields: {message: hi, service.name: mine}
                output.logstash:
                  hosts: ["h:5044"]
                """);
        assertThat(underFields.inputs().get(0).fields()).containsKeys("message", "service.name");
    }

    @Test
    void impossibleValuesAreRefused() {
        List<String> p = problems("""
                inputs:
                  - id: a
                    paths: [relative/*.log]
                    ignore_older: 1m
                    exclude_files: ['[unclosed']
                    multiline: {pattern: '(', match: sideways}
                    message_max_bytes: 10
                output.logstash:
                  hosts: ["h:99999", "[::1", "a:b:c"]
                  compression_level: 12
                  backoff: {init: 10s, max: 1s}
                  index: Bad Index
                queue.mem: {events: 100, flush.min_events: 200}
                """);
        assertThat(p).contains(
                "inputs[0].paths[0]: expected an absolute path (starting with /), got \"relative/*.log\"",
                "output.logstash.compression_level: expected a whole number from 0 to 9, got 12",
                "output.logstash.backoff.max: must be at least backoff.init (10s)",
                "queue.mem.flush.min_events: must not exceed queue.mem.events (100)");
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("inputs[0].ignore_older: must be longer than close.inactive (5m)"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("inputs[0].exclude_files[0]: not a valid regular expression"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("inputs[0].multiline.pattern: not a valid regular expression"));
        assertThat(p).contains("inputs[0].multiline.match: expected one of after, before, got \"sideways\"");
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("inputs[0].message_max_bytes: expected a size from 1024"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.hosts[0]: 'h:99999' is not a valid host:port: the port 99999 is outside 1-65535"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.hosts[1]: '[::1' is not a valid host:port: the '[' of an IPv6 address has no closing ']'"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.hosts[2]: 'a:b:c' is not a valid host:port: an IPv6 address must be bracketed"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.index: expected a lower-case index root name"));
    }

    @Test
    void missingEssentialsAreNamed() {
        List<String> p = problems("inputs:\n  - paths: [/x/*.log]\n");
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("inputs[0].id: missing"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.hosts: missing"));
        assertThat(problems("output.logstash.hosts: [h]\n")).singleElement().asString().startsWith("inputs: missing");
    }

    @Test
    void duplicateInputIdsAreRefused() {
        List<String> p = problems("""
                inputs:
                  - {id: a, paths: [/x/*.log]}
                  - {id: a, paths: [/y/*.log]}
                output.logstash.hosts: [h]
                """);
        assertThat(p).containsExactly("inputs[1].id: 'a' is used by another input; every input needs its own stable id");
    }

    @Test
    void otherOutputsAreRefused() {
        assertThat(problems(MINIMAL + "output.elasticsearch.hosts: [es]\n"))
                .containsExactly("output.elasticsearch: this agent ships only to Logstash over Beats: use output.logstash");
    }

    @Test
    void theSameKeyGivenDottedAndNestedIsRefused() {
        assertThat(problems(MINIMAL + "output:\n  logstash:\n    hosts: [x]\n"))
                .anySatisfy(s -> assertThat(s).contains("given twice"));
    }

    @Test
    void duplicateKeysAndBrokenYamlAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> parse("inputs: []\ninputs: []\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML at line 2");
        assertThatThrownBy(() -> parse("inputs: [\n  - id: a\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("   \n")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("the top level must be a mapping");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse("""
                inputs: [{id: 'a b', paths: [x]}]
                output.logstash: {hosts: [], pipelining: -1}
                """));
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(e.getMessage()).startsWith("agent.yml: " + e.problems().size() + " problems, the agent did not start:");
    }

    @Test
    void multilineNeedsAPatternOrAPreset() {
        assertThat(problems("""
                inputs: [{id: a, paths: [/x/*.log], multiline: {negate: true}}]
                output.logstash.hosts: [h]
                """)).anySatisfy(s -> assertThat(s).startsWith("inputs[0].multiline.pattern: missing"));
        assertThat(problems("""
                inputs: [{id: a, paths: [/x/*.log], multiline: {type: count, preset: log4j}}]
                output.logstash.hosts: [h]
                """)).contains("inputs[0].multiline.type: only pattern is supported (with pattern, negate, match), got \"count\"",
                "inputs[0].multiline.preset: expected tomcat_juli or logback, got \"log4j\"");
    }

    @Test
    void sslFilesMustExistAndEncryptedKeysAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        List<String> p = problems(MINIMAL + """
                output.logstash.ssl:
                  certificate_authorities: [ca.pem]
                  certificate: missing.pem
                  key_passphrase: secret
                """.replace("ca.pem", dir.resolve("ca.pem").toString()));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.ssl.certificate: cannot read"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.ssl.key: a client certificate needs both"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("output.logstash.ssl.key_passphrase: encrypted keys are not supported"));
    }

    @Test
    void disabledInputsAreValidatedButLeftOut() {
        AgentConfig c = parse("""
                inputs:
                  - {id: app, paths: [/logs/*/app.log]}
                  - {id: "off", enabled: false, paths: [/z/*.log]}
                output.logstash.hosts: [h]
                """);
        assertThat(c.inputs()).extracting(InputConfig::id).containsExactly("app");
        assertThat(problems("inputs: [{id: off, paths: [/z/*.log]}]\noutput.logstash.hosts: [h]\n")).containsExactly(
                "inputs[0].id: expected a text value, got false (YAML reads yes, no, on, off, true and false as booleans:"
                        + " put the value in quotes)");
    }

    @Test
    void loadNamesAMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the file does not exist");
    }

    @Test
    void defaultLayoutCoversTomcatAndLogbackFiles() {
        AgentConfig c = DefaultLayout.config(Path.of("/home/ubuntu/logs"), List.of(new HostPort("ls", 5044)),
                Path.of("/var/lib/reg"), 0);
        assertThat(c.inputs()).extracting(InputConfig::id)
                .containsExactly("tomcat-catalina", "tomcat-localhost", "tomcat-access", "app-logback");
        Map<String, InputConfig> byId = new java.util.HashMap<>();
        c.inputs().forEach(i -> byId.put(i.id(), i));
        assertThat(byId.get("tomcat-catalina").multiline().pattern().pattern()).isEqualTo(MultilineConfig.TOMCAT_JULI_PATTERN);
        assertThat(byId.get("app-logback").multiline().pattern().pattern()).isEqualTo(MultilineConfig.LOGBACK_PATTERN);
        assertThat(byId.get("tomcat-access").multiline()).isNull();
        InputConfig logback = byId.get("app-logback");
        assertThat(logback.excluded("/home/ubuntu/logs/h1/catalina.2026-11-22.log")).isTrue();
        assertThat(logback.excluded("/home/ubuntu/logs/h1/localhost.2026-11-22.log")).isTrue();
        assertThat(logback.excluded("/home/ubuntu/logs/h1/debug.log")).isFalse();
        assertThat(logback.excluded("/home/ubuntu/logs/h1/debug.2026-11-21.log.gz")).isTrue();
        assertThat(c.registry().path()).isEqualTo(Path.of("/var/lib/reg"));
        assertThat(c.http().port()).isZero();
    }

    @Test
    void theShippedTemplateIsValid() throws Exception {
        Path template = Path.of("..", "templates", "agent", "agent.yml");
        AgentConfig c = ConfigLoader.load(template);
        assertThat(c.inputs()).hasSize(4);
        assertThat(c.logstash().hosts()).isNotEmpty();
        // its comment says run --root ... --registry ... runs the same without a file: compare what Filebeat would get
        AgentConfig flags = DefaultLayout.config(Path.of("/home/ubuntu/logs"), c.logstash().hosts(),
                Path.of("/var/lib/logging-agent/registry"), c.http().port());
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        var fromTemplate = yaml.readTree(dev.flotilla.shipper.filebeat.FilebeatYaml.render(c));
        var fromFlags = yaml.readTree(dev.flotilla.shipper.filebeat.FilebeatYaml.render(flags));
        assertThat(fromTemplate.get("filebeat.inputs")).isEqualTo(fromFlags.get("filebeat.inputs"));
        assertThat(fromTemplate.get("filebeat.registry.path")).isEqualTo(fromFlags.get("filebeat.registry.path"));
        assertThat(fromTemplate.get("output.logstash")).isEqualTo(fromFlags.get("output.logstash"));
    }
}
