package dev.flotilla.tomcat.install;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * What a Tomcat {@code conf/logging.properties} declares: every handler that is referenced, its class, and for
 * Tomcat's file handlers the directory, prefix and suffix. Pure.
 */
final class JuliConfig {
    static final String FILE_HANDLER = "org.apache.juli.FileHandler";
    static final String ASYNC_FILE_HANDLER = "org.apache.juli.AsyncFileHandler";
    static final String CONSOLE_HANDLER = "java.util.logging.ConsoleHandler";

    /** One handler as JULI will build it. */
    static final class Handler {
        final String name;
        final String className;
        final String directory;
        final String prefix;
        final String suffix;

        Handler(String name, String className, String directory, String prefix, String suffix) {
            this.name = name;
            this.className = className;
            this.directory = directory;
            this.prefix = prefix;
            this.suffix = suffix;
        }

        boolean isFile() {
            return FILE_HANDLER.equals(className) || ASYNC_FILE_HANDLER.equals(className);
        }

        boolean isConsole() {
            return CONSOLE_HANDLER.equals(className);
        }

        String directoryKey() {
            return name + ".directory";
        }

        /** The directory JULI uses: the configured one, or JULI's default {@code logs}. */
        String effectiveDirectory() {
            return directory == null ? "logs" : directory;
        }

        String shortName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    private final List<Handler> handlers;

    private JuliConfig(List<Handler> handlers) {
        this.handlers = Collections.unmodifiableList(handlers);
    }

    static JuliConfig parse(String text) throws Refusal {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new Refusal("logging.properties cannot be read as a properties file (" + e.getMessage()
                    + "): fix it first; Tomcat would not read it either");
        }
        List<Handler> handlers = new ArrayList<Handler>();
        for (String name : handlerNames(props)) {
            handlers.add(new Handler(name, className(name), trimmed(props, name + ".directory"),
                    trimmed(props, name + ".prefix"), trimmed(props, name + ".suffix")));
        }
        return new JuliConfig(handlers);
    }

    List<Handler> handlers() {
        return handlers;
    }

    /** Handlers whose output we cannot place: neither Tomcat's file handlers nor the console. */
    List<Handler> unknown() {
        List<Handler> out = new ArrayList<Handler>();
        for (Handler h : handlers) {
            if (!h.isFile() && !h.isConsole()) {
                out.add(h);
            }
        }
        return out;
    }

    private static Set<String> handlerNames(Properties props) {
        Set<String> names = new LinkedHashSet<String>();
        for (String key : props.stringPropertyNames()) {
            if (key.equals("handlers") || key.endsWith(".handlers")) {
                for (String n : props.getProperty(key).split("[,\\s]+")) {
                    if (!n.trim().isEmpty()) {
                        names.add(n.trim());
                    }
                }
            }
        }
        List<String> sorted = new ArrayList<String>(names);
        Collections.sort(sorted);
        return new LinkedHashSet<String>(sorted);
    }

    /** JULI's rule: a name starting with a digit carries a prefix up to its first dot ({@code 1catalina.}). */
    static String className(String handlerName) {
        if (!handlerName.isEmpty() && Character.isDigit(handlerName.charAt(0)) && handlerName.indexOf('.') > 0) {
            return handlerName.substring(handlerName.indexOf('.') + 1);
        }
        return handlerName;
    }

    private static String trimmed(Properties props, String key) {
        String v = props.getProperty(key);
        return v == null ? null : v.trim();
    }
}
