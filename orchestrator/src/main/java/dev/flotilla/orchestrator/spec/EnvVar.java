package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.template.Template;

/** An environment variable; {@code value} may hold templates ({@code NODE={{.Node.Hostname}}}). */
public record EnvVar(String name, String value) {
    public Template valueTemplate() {
        return Template.parse(value, "--env " + name);
    }

    public String format() {
        return name + "=" + value;
    }
}
