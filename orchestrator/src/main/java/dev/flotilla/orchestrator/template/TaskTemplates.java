package dev.flotilla.orchestrator.template;

import java.util.Optional;

/**
 * Expands a service's templates for one task and refuses results that are not safe to hand to the container
 * runtime: a hostname that is not a hostname, a mount source that is not an absolute path or climbs out with
 * {@code ..}, a value with a NUL character. The create-time checks run the same rules on a sample task.
 */
public final class TaskTemplates {
    /** A neutral task used to check templates when a service is created, before any real task exists. */
    private static final String SAMPLE_ID = "0sampletask0id0000000000a";

    private TaskTemplates() {
    }

    /** The container hostname: the expanded {@code --hostname} template, or {@link Hostnames#defaultFor} when none. */
    public static String hostname(Template template, TemplateContext context) {
        if (template == null) {
            return Hostnames.defaultFor(context.taskId());
        }
        String value = template.expand(context);
        Optional<String> problem = Hostnames.problem(value);
        if (problem.isPresent()) {
            throw new TemplateException("--hostname \"" + template.source() + "\" gives \"" + value + "\" "
                    + forWhom(context) + ", which is not a valid hostname: "
                    + problem.get() + "; change the template (for example {{.Service.Name}}-{{.Task.Slot}})");
        }
        return value;
    }

    /** A bind-mount source on the node. */
    public static String mountSource(Template template, TemplateContext context) {
        String value = template.expand(context);
        Optional<String> problem = pathProblem(value);
        if (problem.isPresent()) {
            throw new TemplateException("--mount source \"" + template.source() + "\" gives \"" + value
                    + "\" " + forWhom(context) + ": " + problem.get());
        }
        return value;
    }

    /** An environment variable's value. */
    public static String envValue(String name, Template template, TemplateContext context) {
        String value = template.expand(context);
        if (value.indexOf('\0') >= 0) {
            throw new TemplateException("--env " + name + "=\"" + template.source() + "\" gives a value with a NUL"
                    + " character " + forWhom(context) + "; environment values cannot hold it");
        }
        return value;
    }

    /** "for task ID on node NODE", or at create time, when the values are made up, "for a sample task (...)". */
    private static String forWhom(TemplateContext context) {
        if (SAMPLE_ID.equals(context.taskId())) {
            return "for a sample task (slot 1, on a node named " + context.nodeHostname() + ")";
        }
        return "for task " + context.taskId() + " on node " + context.nodeHostname();
    }

    /** Create-time check of a {@code --hostname} template: parse it and check what it gives for a sample task. */
    public static Template checkHostname(String text, String serviceName) {
        Template template = Template.parse(text, "--hostname");
        hostname(template, sample(serviceName));
        return template;
    }

    /** Create-time check of a {@code --mount} source template. */
    public static Template checkMountSource(String text, String serviceName) {
        Template template = Template.parse(text, "--mount source");
        if (!text.startsWith("/")) {
            throw new TemplateException("--mount source \"" + text + "\" must be an absolute path on the node"
                    + " (start it with /), for example src=/srv/logs/{{.Service.Name}}");
        }
        mountSource(template, sample(serviceName));
        return template;
    }

    /** Create-time check of an {@code --env} value template. */
    public static Template checkEnvValue(String name, String text, String serviceName) {
        Template template = Template.parse(text, "--env " + name);
        envValue(name, template, sample(serviceName));
        return template;
    }

    static TemplateContext sample(String serviceName) {
        return TemplateContext.forTask(serviceName, "0sampleservice0id00000000", 1, SAMPLE_ID, "node-1",
                "0samplenode0id00000000000");
    }

    private static Optional<String> pathProblem(String path) {
        if (!path.startsWith("/")) {
            return Optional.of("it is not an absolute path; start it with /");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("it contains a NUL character");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("it contains a '" + segment + "' segment; write the folder without it");
            }
        }
        return Optional.empty();
    }
}
