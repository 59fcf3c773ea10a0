package dev.flotilla.shipper.filebeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigLoader;
import dev.flotilla.shipper.config.DefaultLayout;
import dev.flotilla.shipper.text.HostPort;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FilebeatYamlTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void defaultLayoutBecomesFilestreamInputsWithStableIdsParsersAndDissect() throws Exception {
        AgentConfig c = DefaultLayout.config(Path.of("/home/ubuntu/logs"), List.of(new HostPort("ls1", 5044), new HostPort("ls2", 5044)),
                Path.of("/var/lib/agent/registry"), 5066);
        String text = FilebeatYaml.render(c);
        assertThat(text).startsWith("# filebeat.yml written by `logging-agent filebeat-config`");
        JsonNode y = YAML.readTree(text);
        JsonNode inputs = y.get("filebeat.inputs");
        List<String> ids = new ArrayList<>();
        inputs.forEach(i -> ids.add(i.get("id").asText()));
        assertThat(ids).containsExactly("tomcat-catalina", "tomcat-localhost", "tomcat-access", "app-logback");
        JsonNode catalina = inputs.get(0);
        assertThat(catalina.get("type").asText()).isEqualTo("filestream");
        assertThat(catalina.get("paths").get(0).asText()).isEqualTo("/home/ubuntu/logs/*/catalina*.log");
        JsonNode ml = catalina.get("parsers").get(0).get("multiline");
        assertThat(ml.get("type").asText()).isEqualTo("pattern");
        assertThat(ml.get("pattern").asText()).isEqualTo("^\\d{2}-[A-Za-z]{3}-\\d{4} ");
        assertThat(ml.get("negate").asBoolean()).isTrue();
        assertThat(ml.get("match").asText()).isEqualTo("after");
        JsonNode dissect = catalina.get("processors").get(0).get("dissect");
        assertThat(dissect.get("tokenizer").asText()).isEqualTo("/home/ubuntu/logs/%{container.name}/%{?file}");
        assertThat(dissect.get("field").asText()).isEqualTo("log.file.path");
        assertThat(dissect.get("target_prefix").asText()).isEmpty();
        assertThat(catalina.get("processors").get(1).at("/add_fields/fields/dataset").asText()).isEqualTo("tomcat.catalina");
        assertThat(inputs.get(2).has("parsers")).isFalse();
        assertThat(inputs.get(3).get("prospector.scanner.exclude_files").get(0).asText()).contains("catalina");
        JsonNode out = y.get("output.logstash");
        assertThat(out.get("hosts").toString()).isEqualTo("[\"ls1:5044\",\"ls2:5044\"]");
        assertThat(out.get("compression_level").asInt()).isEqualTo(3);
        assertThat(out.get("bulk_max_size").asInt()).isEqualTo(2048);
        assertThat(out.get("index").asText()).isEqualTo("logging-agent");
        assertThat(y.get("queue.mem").get("events").asInt()).isEqualTo(4096);
        assertThat(y.get("http.port").asInt()).isEqualTo(5066);
    }

    @Test
    void fieldsTlsAndLimitsAreCarriedOver() throws Exception {
        AgentConfig c = ConfigLoader.parse("""
                inputs:
                  - id: x
                    paths: [/srv/logs/*/*.log]
                    fields: {env: prod}
                    fields_under_root: true
                    harvester_limit: 10
                    ignore_older: 48h
                output.logstash:
                  hosts: ["[::1]:5045"]
                  ssl: {verification_mode: none}
                """, "t", Path.of("/"));
        JsonNode y = YAML.readTree(FilebeatYaml.render(c));
        JsonNode in = y.get("filebeat.inputs").get(0);
        assertThat(in.at("/fields/env").asText()).isEqualTo("prod");
        assertThat(in.get("fields_under_root").asBoolean()).isTrue();
        assertThat(in.get("harvester_limit").asInt()).isEqualTo(10);
        assertThat(in.get("ignore_older").asText()).isEqualTo("48h");
        assertThat(y.at("/output.logstash/hosts/0").asText()).isEqualTo("[::1]:5045");
        assertThat(y.at("/output.logstash/ssl/verification_mode").asText()).isEqualTo("none");
    }

    @Test
    void javaGlobGroupsBecomeOnePathPerAlternativeAndNegatedClassesGoSyntax() throws Exception {
        AgentConfig c = ConfigLoader.parse("""
                inputs:
                  - id: x
                    paths: ["/srv/{a,b}/*/{catalina,localhost}*.log", "/srv/a/*/[!.]*.txt", "/srv/a/*/catalina*.log"]
                output.logstash:
                  hosts: ["ls:5044"]
                """, "t", Path.of("/"));
        JsonNode paths = YAML.readTree(FilebeatYaml.render(c)).get("filebeat.inputs").get(0).get("paths");
        List<String> got = new ArrayList<>();
        paths.forEach(p -> got.add(p.asText()));
        assertThat(got).containsExactly("/srv/a/*/catalina*.log", "/srv/a/*/localhost*.log", "/srv/b/*/catalina*.log",
                "/srv/b/*/localhost*.log", "/srv/a/*/[^.]*.txt");
    }

    @Test
    void withoutADatasetTheFileNameRulesBecomeConditionsAndAccessLogParsingIsFlagged() throws Exception {
        AgentConfig c = ConfigLoader.parse("""
                inputs:
                  - id: x
                    paths: [/srv/logs/*/*.log]
                    access_log.parse: true
                output.logstash:
                  hosts: ["ls:5044"]
                """, "t", Path.of("/"));
        String text = FilebeatYaml.render(c);
        assertThat(text).contains("#  - access_log.parse: the agent parses access-log lines");
        JsonNode processors = YAML.readTree(text).get("filebeat.inputs").get(0).get("processors");
        assertThat(processors.size()).isEqualTo(5);
        java.util.Map<String, java.util.regex.Pattern> rules = new java.util.LinkedHashMap<>();
        for (int i = 1; i < 4; i++) {
            JsonNode add = processors.get(i).get("add_fields");
            rules.put(add.at("/fields/dataset").asText(),
                    java.util.regex.Pattern.compile(add.at("/when/regexp").get("log.file.path").asText()));
        }
        JsonNode otherwise = processors.get(4).get("add_fields");
        assertThat(otherwise.at("/fields/dataset").asText()).isEqualTo("app.logback");
        java.util.regex.Pattern notAny = java.util.regex.Pattern.compile(otherwise.at("/when/not/regexp").get("log.file.path").asText());
        // each file name gets the dataset the agent itself gives it (Datasets.forFileName), and exactly one
        for (String name : List.of("catalina.2026-11-22.log", "catalina.out.log", "localhost.2026-11-22.log",
                "localhost_access_log.2026-11-22.txt.log", "debug.log", "app-localhost.log")) {
            String path = "/srv/logs/web-1/" + name;
            List<String> matched = new ArrayList<>();
            rules.forEach((dataset, rule) -> {
                if (rule.matcher(path).find()) {
                    matched.add(dataset);
                }
            });
            if (!notAny.matcher(path).find()) {
                matched.add("app.logback");
            }
            assertThat(matched).as(name).containsExactly(dev.flotilla.shipper.event.Datasets.forFileName(name));
        }
    }
}
