package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations in JSON as ISO-8601 text ({@code "PT10S"}), so definitions go through any ObjectMapper (the Raft
 * log, snapshots, the HTTP API) without the java.time module.
 */
final class DurationJson {
    private DurationJson() {
    }

    static final class Write extends StdSerializer<Duration> {
        Write() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    static final class Read extends StdDeserializer<Duration> {
        Read() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException | NullPointerException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "not an ISO-8601 duration");
            }
        }
    }
}
