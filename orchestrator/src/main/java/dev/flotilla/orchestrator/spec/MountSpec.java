package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.template.Template;

/**
 * A bind mount. {@code source} is a host path that may hold templates ({@code /srv/logs/{{.Node.Hostname}}});
 * the node agent creates it when missing.
 */
public record MountSpec(String source, String target, boolean readOnly) {
    /** The source as a template; it was checked when the definition was parsed, so this does not fail. */
    public Template sourceTemplate() {
        return Template.parse(source, "--mount source");
    }

    /** The canonical long form, which {@link Mounts#parse} reads back. */
    public String format() {
        return "type=bind," + Csv.field("source=" + source) + "," + Csv.field("target=" + target)
                + (readOnly ? ",readonly" : "");
    }
}
