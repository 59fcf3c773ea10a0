package dev.flotilla.orchestrator.template;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskTemplatesTest {
    private final TemplateContext task = TemplateContext.forTask("web", "svc123", 2, "tsk9", "node_a", "nid7");

    @Test
    void defaultHostnameIsTwelveHexCharactersStablePerTask() {
        String h = Hostnames.defaultFor("task-1");
        assertThat(h).hasSize(12).matches("[0-9a-f]{12}");
        assertThat(Hostnames.defaultFor("task-1")).isEqualTo(h);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(Hostnames.defaultFor("task-" + i));
        }
        assertThat(seen).hasSize(10_000);
        assertThat(TaskTemplates.hostname(null, task)).isEqualTo(Hostnames.defaultFor("tsk9"));
    }

    @Test
    void hostnameTemplateExpandsWhenTheResultIsAHostname() {
        Template t = Template.parse("{{.Service.Name}}-{{.Task.Slot}}", "--hostname");
        assertThat(TaskTemplates.hostname(t, task)).isEqualTo("web-2");
    }

    @Test
    void hostnameThatIsNotAHostnameIsRefusedWithTheReason() {
        Template t = Template.parse("{{.Node.Hostname}}-{{.Task.Slot}}", "--hostname");
        assertThatThrownBy(() -> TaskTemplates.hostname(t, task))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("gives \"node_a-2\"")
                .hasMessageContaining("contains '_'");
        Template tooLong = Template.parse("x".repeat(60) + "{{.Task.ID}}", "--hostname");
        assertThatThrownBy(() -> TaskTemplates.hostname(tooLong, task)).hasMessageContaining("at most 63");
    }

    @Test
    void hostnameRules() {
        assertThat(Hostnames.problem("web-1.example")).isEmpty();
        assertThat(Hostnames.problem("-web")).isPresent();
        assertThat(Hostnames.problem("web..x")).isPresent();
        assertThat(Hostnames.problem("a/b")).isPresent();
        assertThat(Hostnames.problem("")).isPresent();
        assertThat(Hostnames.problem("x".repeat(63))).isEmpty();
        assertThat(Hostnames.problem("x".repeat(64))).isPresent();
    }

    @Test
    void createTimeChecksCatchWhatCanBeKnownEarly() {
        assertThat(TaskTemplates.checkHostname("{{.Service.Name}}-{{.Task.Slot}}", "web").hasFields()).isTrue();
        assertThatThrownBy(() -> TaskTemplates.checkHostname("web_{{.Task.Slot}}", "web"))
                .hasMessageContaining("not a valid hostname")
                .hasMessageContaining("for a sample task (slot 1, on a node named node-1)")
                .hasMessageNotContaining("0sampletask");
        assertThatThrownBy(() -> TaskTemplates.checkHostname("{{.Service.Name}}-{{.Task.Slot}}", "my_svc"))
                .hasMessageContaining("contains '_'");
        assertThatThrownBy(() -> TaskTemplates.checkMountSource("logs/{{.Node.Hostname}}", "web"))
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> TaskTemplates.checkMountSource("/srv/{{.Task.Slot", "web"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> TaskTemplates.checkEnvValue("X", "{{.Foo}}", "web"))
                .hasMessageContaining("--env X").hasMessageContaining("unknown template field .Foo");
    }

    @Test
    void mountSourceMustStayAnAbsolutePathWithoutDotSegments() {
        Template t = Template.parse("/srv/logs/{{.Node.Hostname}}", "--mount source");
        assertThat(TaskTemplates.mountSource(t, task)).isEqualTo("/srv/logs/node_a");
        TemplateContext sneaky = TemplateContext.forTask("web", "s", 1, "t", "..", "n");
        assertThatThrownBy(() -> TaskTemplates.mountSource(t, sneaky))
                .hasMessageContaining("'..' segment");
        Template relative = Template.parse("{{.Node.Hostname}}/x", "--mount source");
        assertThatThrownBy(() -> TaskTemplates.mountSource(relative, task)).hasMessageContaining("not an absolute path");
    }

    @Test
    void envValueExpands() {
        Template t = Template.parse("{{.Task.Name}}@{{.Node.ID}}", "--env X");
        assertThat(TaskTemplates.envValue("X", t, task)).isEqualTo("web.2.tsk9@nid7");
    }
}
