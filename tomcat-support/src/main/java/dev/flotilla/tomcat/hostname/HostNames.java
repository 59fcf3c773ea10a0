package dev.flotilla.tomcat.hostname;

import java.util.ArrayList;
import java.util.List;

/**
 * The two system properties the rest of the stack reads, and the rule for setting them: only where absent, never
 * overriding a value someone set on purpose.
 */
public final class HostNames {
    /** Read by {@code logging.properties}, {@code server.xml} and {@code setenv.sh}. */
    public static final String CUSTOM_HOSTNAME = "custom.hostname";
    /** Read by older {@code logback.xml} files and servlet code written for the manual recipe. */
    public static final String HOST_NAME = "hostName";
    /** Used when no source gives a usable name. */
    public static final String FALLBACK = "unknown-host";

    private HostNames() {
    }

    /** Where properties are read and written; the real one is {@link System}. */
    public interface Properties {
        String get(String name);

        void set(String name, String value);

        static Properties system() {
            return new Properties() {
                @Override
                public String get(String name) {
                    return System.getProperty(name);
                }

                @Override
                public void set(String name, String value) {
                    System.setProperty(name, value);
                }
            };
        }
    }

    /**
     * Sets {@link #CUSTOM_HOSTNAME} and {@link #HOST_NAME} to the resolved value where they are absent (or empty) and
     * returns readable lines saying what was set, what was kept and why.
     */
    public static List<String> apply(Resolution resolution, Properties props) {
        List<String> lines = new ArrayList<String>();
        lines.add("resolved " + resolution.describe());
        for (String name : new String[] {CUSTOM_HOSTNAME, HOST_NAME}) {
            String existing = props.get(name);
            if (existing == null || existing.trim().isEmpty()) {
                props.set(name, resolution.value());
                lines.add("set " + name + "=" + resolution.value());
            } else if (existing.equals(resolution.value())) {
                lines.add(name + " already set to '" + existing + "', kept");
            } else {
                lines.add(keptDifferent(name, existing));
            }
        }
        return lines;
    }

    private static String keptDifferent(String name, String existing) {
        String safe = HostNameSanitizer.sanitize(existing);
        String base = name + " already set to '" + HostNameResolver.printable(existing) + "', kept (an explicit -D always wins)";
        if (!safe.equals(existing)) {
            return base + "; WARNING: that value is not a safe folder name, fix the -D" + name
                    + " option (for example -D" + name + "=" + (safe.isEmpty() ? FALLBACK : safe) + ")";
        }
        return base;
    }

    /** Resolves against the real JVM and sets the system properties; returns the lines to log. */
    public static List<String> applySystem() {
        return apply(HostNameResolver.resolveSystem(), Properties.system());
    }
}
