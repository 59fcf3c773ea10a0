package dev.flotilla.shipper.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.shipper.discovery.Fingerprint;

/** The JSON form of registry records: one entry, one log operation, the checkpoint. */
final class EntryCodec {
    static final ObjectMapper JSON = new ObjectMapper();

    private EntryCodec() {
    }

    static ObjectNode write(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", e.key());
        n.put("fp", e.fingerprint().text());
        n.put("input", e.inputId());
        n.put("path", e.path());
        n.put("offset", e.offset());
        n.put("ts", e.updatedMillis());
        return n;
    }

    /** @throws IllegalArgumentException naming the missing or wrong field */
    static Entry read(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an entry must be a JSON object");
        }
        return new Entry(text(n, "key"), Fingerprint.parse(text(n, "fp")), text(n, "input"), text(n, "path"),
                number(n, "offset"), number(n, "ts"));
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not text");
        }
        return v.textValue();
    }

    static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a whole number");
        }
        return v.longValue();
    }
}
