package dev.flotilla.orchestrator.template;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The fields a service template may name, as Swarm spells them ({@code {{.Task.Slot}}}). */
public enum TemplateField {
    SERVICE_NAME(".Service.Name", TemplateContext::serviceName),
    SERVICE_ID(".Service.ID", TemplateContext::serviceId),
    TASK_SLOT(".Task.Slot", c -> Integer.toString(c.slot())),
    TASK_ID(".Task.ID", TemplateContext::taskId),
    TASK_NAME(".Task.Name", TemplateContext::taskName),
    NODE_HOSTNAME(".Node.Hostname", TemplateContext::nodeHostname),
    NODE_ID(".Node.ID", TemplateContext::nodeId);

    private final String spelling;
    private final Function<TemplateContext, String> value;

    TemplateField(String spelling, Function<TemplateContext, String> value) {
        this.spelling = spelling;
        this.value = value;
    }

    public String spelling() {
        return spelling;
    }

    String valueIn(TemplateContext context) {
        return value.apply(context);
    }

    /** Exact, case-sensitive lookup, as Go templates do. */
    public static Optional<TemplateField> bySpelling(String spelling) {
        return Arrays.stream(values()).filter(f -> f.spelling.equals(spelling)).findFirst();
    }

    /** "{{.Service.Name}}, {{.Service.ID}}, ..." for error messages. */
    public static String allSpellings() {
        return Arrays.stream(values()).map(f -> "{{" + f.spelling + "}}").collect(Collectors.joining(", "));
    }
}
