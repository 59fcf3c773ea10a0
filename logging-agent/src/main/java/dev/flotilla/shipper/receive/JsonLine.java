package dev.flotilla.shipper.receive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flotilla.shipper.output.beats.ProtocolException;
import java.io.IOException;

/** Checks that an event is exactly one JSON object and makes it fit on one line. */
final class JsonLine {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLine() {
    }

    /**
     * Returns the payload as one line: newlines can only be whitespace between tokens in valid JSON, so they become
     * spaces. Anything that is not one JSON object is refused, naming the sequence number.
     */
    static byte[] check(byte[] payload, int seq) throws ProtocolException {
        try (JsonParser p = FACTORY.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("JSON frame " + seq + " is not a JSON object");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new ProtocolException("JSON frame " + seq + " has data after its JSON object");
            }
        } catch (ProtocolException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProtocolException("JSON frame " + seq + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException("JSON frame " + seq + " cannot be read: " + e.getMessage(), e);
        }
        byte[] out = payload;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n' || out[i] == '\r') {
                if (out == payload) {
                    out = payload.clone();
                }
                out[i] = ' ';
            }
        }
        return out;
    }
}
