package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.template.TaskTemplates;
import dev.flotilla.orchestrator.template.TemplateException;

import java.util.Locale;

/**
 * {@code --mount type=bind,source=/host,target=/in/container[,readonly]}, with Docker's aliases {@code src},
 * {@code dst}, {@code destination} and {@code ro}. Only bind mounts exist in Flotilla: the type must be given, so
 * that a Docker habit ({@code type} defaults to volume there) never turns silently into something else.
 */
public final class Mounts {
    private static final String FLAG = "--mount";
    private static final String KEYS = "type, source (src), target (dst, destination), readonly (ro)";

    private Mounts() {
    }

    /** Parses one {@code --mount} value; {@code serviceName} is used to check templates in the source. */
    public static MountSpec parse(String text, String serviceName) {
        String type = null;
        String source = null;
        String target = null;
        boolean readOnly = false;
        for (String field : Csv.split(text.strip(), FLAG)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1);
            switch (key) {
                case "type" -> type = required(text, key, value);
                case "source", "src" -> source = required(text, key, value);
                case "target", "dst", "destination" -> target = required(text, key, value);
                case "readonly", "ro" -> readOnly = bool(text, key, value);
                case "" -> throw new SpecException(FLAG + " \"" + text + "\": there is an empty field; remove the"
                        + " extra comma");
                default -> throw new SpecException(FLAG + " \"" + text + "\": unknown key \"" + key + "\"; the keys"
                        + " are " + KEYS);
            }
        }
        return check(text, type, source, target, readOnly, serviceName);
    }

    private static MountSpec check(String text, String type, String source, String target, boolean readOnly,
                                   String serviceName) {
        if (type == null) {
            throw new SpecException(FLAG + " \"" + text + "\": type= is missing; Flotilla supports bind mounts,"
                    + " so write type=bind,src=/host/path,dst=/container/path");
        }
        if (!type.equalsIgnoreCase("bind")) {
            throw new SpecException(FLAG + " \"" + text + "\": type=" + type + " is not supported; only type=bind is");
        }
        if (source == null || target == null) {
            throw new SpecException(FLAG + " \"" + text + "\": both a source (src=) and a target (dst=) are needed,"
                    + " for example type=bind,src=/srv/logs,dst=/usr/local/tomcat/logs");
        }
        if (!target.startsWith("/") || target.equals("/")) {
            throw new SpecException(FLAG + " \"" + text + "\": the target \"" + target + "\" must be an absolute"
                    + " path inside the container other than /");
        }
        try {
            TaskTemplates.checkMountSource(source, serviceName);
        } catch (TemplateException e) {
            throw new SpecException(e.getMessage());
        }
        return new MountSpec(source, normalize(target), readOnly);
    }

    static String normalize(String containerPath) {
        String p = containerPath.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String required(String text, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new SpecException(FLAG + " \"" + text + "\": " + key + "= needs a value");
        }
        return value.strip();
    }

    private static boolean bool(String text, String key, String value) {
        if (value == null) {
            return true;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new SpecException(FLAG + " \"" + text + "\": " + key + "=" + value + " is not a"
                    + " boolean; write " + key + ", " + key + "=true or " + key + "=false");
        };
    }
}
