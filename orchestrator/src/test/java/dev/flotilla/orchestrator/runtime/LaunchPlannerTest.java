package dev.flotilla.orchestrator.runtime;

import dev.flotilla.orchestrator.spec.Protocol;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchPlannerTest {
    private static final LaunchPlanner.Node NODE = new LaunchPlanner.Node("nid1", "worker-1", "10.0.0.5");

    @Test
    void expandsTemplatesForTheTaskOnItsNode() throws RuntimeFailure {
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1").command("run", "--fast")
                .hostname("{{.Service.Name}}-{{.Task.Slot}}").env("WHERE={{.Node.Hostname}}/{{.Task.Name}}")
                .mount("type=bind,src=/srv/logs/{{.Node.Hostname}},dst=/logs").logDir("/logs").publish("8080:80/udp")
                .limitCpu("1").limitMemory("512M").reserveCpu("0.5").reserveMemory("256M").stopGracePeriod("30s").build());
        TaskLaunch l = LaunchPlanner.plan(web, "sid", "tid", 2, "web-2", NODE, Map.of("x", "y"));
        assertThat(l.hostname()).isEqualTo("web-2");
        assertThat(l.env()).containsExactly(Map.entry("WHERE", "worker-1/web.2.tid"));
        assertThat(l.mounts()).containsExactly(new BindMount("/srv/logs/worker-1", "/logs", false));
        assertThat(l.logDir()).isEqualTo("/logs");
        assertThat(l.ports()).containsExactly(new PublishedPort("10.0.0.5", 8080, 80, Protocol.UDP));
        assertThat(l.command()).containsExactly("run", "--fast");
        assertThat(l.nanoCpuLimit()).isEqualTo(1_000_000_000L);
        assertThat(l.memoryLimit()).isEqualTo(512L << 20);
        assertThat(l.nanoCpuReserve()).isEqualTo(500_000_000L);
        assertThat(l.memoryReserve()).isEqualTo(256L << 20);
        assertThat(l.stopGracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.extraLabels()).containsEntry("x", "y");
        assertThat(l.containerName()).isEqualTo("web.2.tid");
    }

    @Test
    void defaultHostnameComesFromTheTaskId() throws RuntimeFailure {
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1").build());
        assertThat(LaunchPlanner.plan(web, "sid", "tid", 1, "", NODE, Map.of()).hostname())
                .isEqualTo(dev.flotilla.orchestrator.template.Hostnames.defaultFor("tid"));
    }

    @Test
    void aTemplateThatGoesWrongOnThisNodeRejectsTheTask() {
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1")
                .hostname("{{.Node.Hostname}}-{{.Task.Slot}}").build());
        LaunchPlanner.Node odd = new LaunchPlanner.Node("nid", "my_laptop", "127.0.0.2");
        assertThatThrownBy(() -> LaunchPlanner.plan(web, "sid", "tid", 1, "", odd, Map.of()))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED))
                .hasMessageContaining("gives \"my_laptop-1\"").hasMessageContaining("not a valid hostname");
        ServiceDefinition logs = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1")
                .mount("type=bind,src=/srv/{{.Node.Hostname}},dst=/logs").build());
        assertThatThrownBy(() -> LaunchPlanner.plan(logs, "sid", "tid", 1, "a1b2c3d4e5f6", new LaunchPlanner.Node("n", "..", "a"), Map.of()))
                .hasMessageContaining("'..' segment");
    }

    @Test
    void theHostnameStoredWithTheTaskWinsOverTheTemplate() throws RuntimeFailure {
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1")
                .hostname("{{.Service.Name}}-{{.Task.Slot}}").build());
        // the stored value differs from what the template gives here ("web-3"): only a planner that takes the stored
        // one passes, so the container and its log folder always match what the manager placed
        assertThat(LaunchPlanner.plan(web, "sid", "tid", 3, "stored-by-manager", NODE, Map.of()).hostname())
                .isEqualTo("stored-by-manager");
        assertThat(LaunchPlanner.plan(web, "sid", "tid", 3, null, NODE, Map.of()).hostname())
                .as("no stored hostname (state from an older version): expanded here").isEqualTo("web-3");
    }

    @Test
    void aStoredHostnameThatIsNotOneRejectsTheTaskWithTheReason() {
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1").build());
        assertThatThrownBy(() -> LaunchPlanner.plan(web, "sid", "tid", 1, "not_a_hostname", NODE, Map.of()))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.REJECTED))
                .hasMessageContaining("\"not_a_hostname\" cannot be used");
    }
}
