package dev.flotilla.shipper.registry;

import dev.flotilla.shipper.discovery.Fingerprint;

/**
 * What the registry keeps for one file: its identity, the input it belongs to, where it was last seen, and the
 * offset up to which every line has been acknowledged by the output.
 */
public record Entry(String key, Fingerprint fingerprint, String inputId, String path, long offset, long updatedMillis) {
    public Entry {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an entry needs a key");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " is negative");
        }
    }
}
