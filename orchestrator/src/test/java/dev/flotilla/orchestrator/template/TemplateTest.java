package dev.flotilla.orchestrator.template;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private final TemplateContext task = TemplateContext.forTask("web", "svc123", 3, "tsk9", "node-a", "nid7");

    @Test
    void expandsEveryField() {
        Template t = Template.parse("{{.Service.Name}}|{{.Service.ID}}|{{.Task.Slot}}|{{.Task.ID}}|{{.Task.Name}}"
                + "|{{.Node.Hostname}}|{{.Node.ID}}", "--env X");
        assertThat(t.expand(task)).isEqualTo("web|svc123|3|tsk9|web.3.tsk9|node-a|nid7");
        assertThat(t.hasFields()).isTrue();
    }

    @Test
    void globalTaskNameCarriesTheNodeId() {
        TemplateContext global = TemplateContext.forTask("agent", "s1", 0, "t1", "node-a", "nid7");
        assertThat(Template.parse("{{.Task.Name}}", "x").expand(global)).isEqualTo("agent.nid7.t1");
    }

    @Test
    void keepsLiteralTextAndToleratesSpacesInsideActions() {
        Template t = Template.parse("/srv/logs/{{ .Node.Hostname }}/{{.Service.Name}}-x", "--mount source");
        assertThat(t.expand(task)).isEqualTo("/srv/logs/node-a/web-x");
        Template plain = Template.parse("no fields }} here", "--hostname");
        assertThat(plain.hasFields()).isFalse();
        assertThat(plain.expand(task)).isEqualTo("no fields }} here");
    }

    @Test
    void unclosedActionIsRefusedWithWhereItStarts() {
        assertThatThrownBy(() -> Template.parse("web-{{.Task.Slot", "--hostname"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("--hostname \"web-{{.Task.Slot\"")
                .hasMessageContaining("opened at character 5 is never closed");
    }

    @Test
    void unknownFieldIsRefusedAndTheKnownOnesAreListed() {
        assertThatThrownBy(() -> Template.parse("{{.Task.Slott}}", "--hostname"))
                .hasMessageContaining("unknown template field .Task.Slott")
                .hasMessageContaining("{{.Task.Slot}}")
                .hasMessageContaining("{{.Node.Hostname}}");
        assertThatThrownBy(() -> Template.parse("{{.node.hostname}}", "--hostname"))
                .hasMessageContaining("case-sensitive");
    }

    @Test
    void emptyAndNonFieldActionsAreRefused() {
        assertThatThrownBy(() -> Template.parse("a{{}}b", "--env X")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Template.parse("{{if .Task.Slot}}x{{end}}", "--env X"))
                .hasMessageContaining("unsupported template action {{if .Task.Slot}}");
    }
}
