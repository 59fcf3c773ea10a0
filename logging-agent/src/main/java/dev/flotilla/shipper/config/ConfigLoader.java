package dev.flotilla.shipper.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code agent.yml} (Filebeat's vocabulary where it overlaps) into an {@link AgentConfig}, or refuses it with
 * every problem listed by key path. Dotted keys ({@code output.logstash.hosts: [...]}) mean the same as nesting.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    /** Loads and validates a file; relative paths inside it are resolved against the file's folder. */
    public static AgentConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("the file does not exist (give the path of agent.yml with --config, "
                    + "or use --root and --logstash for the default layout)"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /** Validates YAML text; {@code baseDir} resolves relative paths. */
    public static AgentConfig parse(String yaml, String source, Path baseDir) {
        JsonNode tree = readTree(yaml, source);
        List<String> problems = new ArrayList<>();
        tree = DottedKeys.expand(tree, "", problems);
        Section root = new Section(tree, "", problems);
        AgentConfig config = AgentSchema.read(root, baseDir, problems);
        root.finish();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    private static JsonNode readTree(String yaml, String source) {
        if (yaml.isBlank()) {
            throw new ConfigException(source, List.of("the file is empty; it needs at least output.logstash.hosts and inputs "
                    + "(see templates/agent/agent.yml)"));
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source, List.of("not valid YAML" + where + ": " + e.getOriginalMessage()));
        }
        if (tree == null || tree instanceof MissingNode) {
            throw new ConfigException(source, List.of("the file is empty; it needs at least output.logstash.hosts and inputs"));
        }
        if (!tree.isObject()) {
            throw new ConfigException(source, List.of("the top level must be a mapping of keys (inputs, output.logstash, ...), got "
                    + Section.describe(tree)));
        }
        return tree;
    }

    static Duration orDefault(Duration d, Duration def) {
        return d == null ? def : d;
    }
}
