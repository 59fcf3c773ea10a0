package dev.flotilla.tomcat.hostname;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the name of this replica's log folder. Order: an existing {@code -Dcustom.hostname}, env {@code HOSTNAME},
 * {@code InetAddress.getLocalHost().getHostName()} (failure caught), the first non-loopback address, then
 * {@value HostNames#FALLBACK}. Each value is sanitised for a folder name; a source whose value is empty or has nothing
 * usable left is skipped with a note. Pure apart from the {@link Lookups} it is given.
 */
public final class HostNameResolver {
    private final Lookups lookups;

    public HostNameResolver(Lookups lookups) {
        this.lookups = lookups;
    }

    /** Resolution against the real JVM, environment and network. */
    public static Resolution resolveSystem() {
        return new HostNameResolver(Lookups.system()).resolve();
    }

    public Resolution resolve() {
        List<String> notes = new ArrayList<String>();
        for (Source source : Source.values()) {
            if (source == Source.FALLBACK) {
                break;
            }
            String raw = read(source, notes);
            Resolution r = accept(source, raw, notes);
            if (r != null) {
                return r;
            }
        }
        notes.add("no source gave a usable name, using '" + HostNames.FALLBACK + "'");
        return new Resolution(HostNames.FALLBACK, Source.FALLBACK, HostNames.FALLBACK, notes);
    }

    private String read(Source source, List<String> notes) {
        try {
            switch (source) {
                case SYSTEM_PROPERTY:
                    return lookups.systemProperty(HostNames.CUSTOM_HOSTNAME);
                case ENV_HOSTNAME:
                    return lookups.environment("HOSTNAME");
                case LOCAL_HOST_NAME:
                    return lookups.localHostName();
                case NON_LOOPBACK_ADDRESS:
                    return lookups.firstNonLoopbackAddress();
                default:
                    return null;
            }
        } catch (Exception e) {
            notes.add(source.description() + " failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return null;
        } catch (LinkageError e) {
            notes.add(source.description() + " failed (" + e + ")");
            return null;
        }
    }

    private static Resolution accept(Source source, String raw, List<String> notes) {
        if (raw == null || raw.trim().isEmpty()) {
            return null;
        }
        String safe = HostNameSanitizer.sanitize(raw.trim());
        if (safe.isEmpty()) {
            notes.add(source.description() + " '" + printable(raw) + "' has nothing usable as a folder name, skipped");
            return null;
        }
        if (!safe.equals(raw)) {
            notes.add(source.description() + " '" + printable(raw) + "' is not safe as a folder name"
                    + " (only letters, digits, '.', '-' and '_', no '..', at most " + HostNameSanitizer.MAX_LENGTH
                    + " characters), using '" + safe + "'");
        }
        return new Resolution(safe, source, raw, notes);
    }

    /** The value with control characters shown as escapes, cut for a log line. */
    static String printable(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length() && i < 200; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (raw.length() > 200) {
            sb.append("...");
        }
        return sb.toString();
    }
}
