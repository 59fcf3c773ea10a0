package dev.flotilla.shipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Filebeat's rule that {@code a.b: 1} means {@code a: {b: 1}}. Keys under {@code fields} stay as written (they are
 * the user's own event fields).
 */
final class DottedKeys {
    private DottedKeys() {
    }

    static JsonNode expand(JsonNode node, String path, List<String> problems) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(expand(node.get(i), path + "[" + i + "]", problems));
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String[] parts = key.split("\\.", -1);
            ObjectNode target = out;
            String at = path;
            for (int i = 0; i < parts.length - 1; i++) {
                at = join(at, parts[i]);
                JsonNode existing = target.get(parts[i]);
                if (existing == null) {
                    existing = target.putObject(parts[i]);
                } else if (!existing.isObject()) {
                    problems.add(at + ": given both as a value and as a mapping (through '" + key + "'); keep one");
                    existing = null;
                }
                if (existing == null) {
                    target = null;
                    break;
                }
                target = (ObjectNode) existing;
            }
            if (target == null) {
                continue;
            }
            String last = parts[parts.length - 1];
            String lastPath = join(at, last);
            JsonNode value = "fields".equals(last) ? e.getValue() : expand(e.getValue(), lastPath, problems);
            merge(target, last, value, lastPath, problems);
        }
        return out;
    }

    private static void merge(ObjectNode target, String key, JsonNode value, String path, List<String> problems) {
        JsonNode existing = target.get(key);
        if (existing == null) {
            target.set(key, value);
        } else if (existing.isObject() && value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                merge((ObjectNode) existing, e.getKey(), e.getValue(), join(path, e.getKey()), problems);
            }
        } else {
            problems.add(path + ": given twice (once nested, once with a dotted key); keep one");
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
