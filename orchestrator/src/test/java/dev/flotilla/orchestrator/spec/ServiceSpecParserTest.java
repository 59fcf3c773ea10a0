package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServiceSpecParserTest {
    private static ServiceOptions.Builder tomcat() {
        return ServiceOptions.builder("test-tomcat", "registry.example/test-tomcat:0.1");
    }

    @Test
    void theStoryFromTheDesign() {
        ServiceDefinition d = ServiceSpecParser.parse(tomcat().replicas("3").publish("8080:8080")
                .mount("type=bind,src=/home/ubuntu/logs,dst=/usr/local/tomcat/logs")
                .logDir("/usr/local/tomcat/logs").reserveCpu("1").build());
        assertThat(d.name()).isEqualTo("test-tomcat");
        assertThat(d.mode()).isEqualTo(ServiceMode.REPLICATED);
        assertThat(d.replicas()).isEqualTo(3);
        assertThat(d.ports()).containsExactly(new PortSpec(8080, 8080, Protocol.TCP));
        assertThat(d.mounts()).containsExactly(new MountSpec("/home/ubuntu/logs", "/usr/local/tomcat/logs", false));
        assertThat(d.logDir()).isEqualTo("/usr/local/tomcat/logs");
        assertThat(d.reservations()).isEqualTo(new Resources(1_000_000_000L, 0));
        assertThat(d.stopGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.update()).isEqualTo(UpdatePolicy.DEFAULT);
        assertThat(d.hostname()).isNull();
    }

    @Test
    void everyFlag() {
        ServiceDefinition d = ServiceSpecParser.parse(tomcat().command("catalina.sh", "run").replicas("2")
                .maxReplicasPerNode("1").publish("published=9090,target=8080").env("JAVA_OPTS=-Xmx256m")
                .env("NODE={{.Node.Hostname}}").label("team=web").label("tier").constraint("node.role==worker")
                .constraint("node.labels.zone!=eu").reserveCpu("0.5").reserveMemory("256M").limitCpu("1.5")
                .limitMemory("1g").stopGracePeriod("1m30s").hostname("{{.Service.Name}}-{{.Task.Slot}}")
                .updateParallelism("2").updateDelay("10s").build());
        assertThat(d.command()).containsExactly("catalina.sh", "run");
        assertThat(d.maxReplicasPerNode()).isEqualTo(1);
        assertThat(d.env()).containsExactly(new EnvVar("JAVA_OPTS", "-Xmx256m"), new EnvVar("NODE", "{{.Node.Hostname}}"));
        assertThat(d.labels()).containsExactly(Map.entry("team", "web"), Map.entry("tier", ""));
        assertThat(d.constraints()).extracting(Constraint::format).containsExactly("node.role==worker", "node.labels.zone!=eu");
        assertThat(d.reservations()).isEqualTo(new Resources(500_000_000L, 256L << 20));
        assertThat(d.limits()).isEqualTo(new Resources(1_500_000_000L, 1L << 30));
        assertThat(d.stopGracePeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(d.hostname()).isEqualTo("{{.Service.Name}}-{{.Task.Slot}}");
        assertThat(d.update()).isEqualTo(new UpdatePolicy(2, Duration.ofSeconds(10)));
        assertThat(ServiceSpecParser.parse(d.toOptions())).isEqualTo(d);
    }

    @Test
    void globalMode() {
        ServiceDefinition d = ServiceSpecParser.parse(ServiceOptions.builder("agent", "logging-agent:1").mode("global").build());
        assertThat(d.mode()).isEqualTo(ServiceMode.GLOBAL);
        assertThat(d.replicas()).isZero();
        assertThat(ServiceSpecParser.parse(d.toOptions())).isEqualTo(d);
        assertThatThrownBy(() -> ServiceSpecParser.parse(ServiceOptions.builder("agent", "a:1").mode("global").replicas("2").build()))
                .hasMessageContaining("--replicas applies only to replicated services, and this one is global");
        assertThatThrownBy(() -> ServiceSpecParser.parse(ServiceOptions.builder("agent", "a:1").mode("global").maxReplicasPerNode("1").build()))
                .hasMessageContaining("--replicas-max-per-node applies only to replicated services");
        assertThatThrownBy(() -> ServiceSpecParser.parse(ServiceOptions.builder("agent", "a:1").mode("everywhere").build()))
                .hasMessage("--mode \"everywhere\": use replicated or global");
    }

    @Test
    void negativeReplicasIsRefused() {
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().replicas("-1").build()))
                .isInstanceOf(SpecException.class)
                .hasMessage("--replicas -1: cannot be negative; use 0 or more");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().replicas("three").build()))
                .hasMessage("--replicas \"three\": not a whole number; write for example --replicas 3");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ServiceSpecParser.parse(ServiceOptions.builder("bad name", "Bad:Image")
                .replicas("-2").publish("8080").mount("type=volume,src=v,dst=/x").env("NOVALUE")
                .constraint("node.color==red").reserveMemory("lots").stopGracePeriod("10")
                .hostname("{{.Task.Slot").logDir("relative").build()));
        assertThat(e.problems()).hasSize(11);
        assertThat(e.getMessage().lines()).hasSize(11);
        assertThat(e.problems()).anyMatch(p -> p.startsWith("--name \"bad name\""))
                .anyMatch(p -> p.startsWith("image \"Bad:Image\" is not a valid image reference"))
                .anyMatch(p -> p.contains("never closed"))
                .anyMatch(p -> p.startsWith("--log-dir \"relative\""));
    }

    @Test
    void missingNameAndImage() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ServiceSpecParser.parse(ServiceOptions.builder(null, null).build()));
        assertThat(e.problems()).containsExactly(
                "--name is required: give the service a name, for example --name web",
                "an image is required: give it after the flags, for example flotilla service create --name web tomcat:11");
    }

    @Test
    void imageReferences() {
        for (String ok : List.of("busybox", "flotilla-test/busybox:local", "localhost:5000/a/b:1.0",
                "registry.example/test-tomcat:0.1", "x@sha256:" + "a".repeat(64))) {
            assertThat(ServiceSpecParser.parse(ServiceOptions.builder("s", ok).build()).image()).isEqualTo(ok);
        }
        for (String bad : List.of("UPPER", "a b", "x:", ":tag", "a//b")) {
            assertThatThrownBy(() -> ServiceSpecParser.parse(ServiceOptions.builder("s", bad).build()))
                    .hasMessageContaining("is not a valid image reference");
        }
    }

    @Test
    void duplicatesAreRefused() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ServiceSpecParser.parse(tomcat().publish("80:80").publish("80:8080")
                .mount("type=bind,src=/a,dst=/x").mount("type=bind,src=/b,dst=/x/").env("A=1").env("A=2")
                .label("k=1").label("k=2").build()));
        assertThat(e.problems()).containsExactly(
                "--publish: port 80/tcp is published twice; publish it once",
                "--mount: the target /x is mounted twice; mount it once",
                "--env A is given twice; give it once",
                "--label k is given twice; give it once");
        assertThat(ServiceSpecParser.parse(tomcat().publish("53:53/udp").publish("53:53").build()).ports()).hasSize(2);
    }

    @Test
    void resourceRules() {
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().reserveMemory("1g").limitMemory("512m").build()))
                .hasMessage("--reserve-memory 1g is more than --limit-memory 512m; a task cannot reserve more than it may use");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().reserveCpu("2").limitCpu("1").build()))
                .hasMessageContaining("--reserve-cpu 2 is more than --limit-cpu 1");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().limitMemory("1m").build()))
                .hasMessageContaining("the engine needs at least 6MiB");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().limitCpu("0.001").build()))
                .hasMessageContaining("the engine needs at least 0.01 CPUs");
        assertThat(ServiceSpecParser.parse(tomcat().reserveCpu("2").build()).limits()).isEqualTo(Resources.NONE);
    }

    @Test
    void logDirMustLandOnAMount() {
        ServiceDefinition below = ServiceSpecParser.parse(tomcat().mount("type=bind,src=/srv,dst=/data")
                .logDir("/data/logs/").build());
        assertThat(below.logDir()).isEqualTo("/data/logs");
        assertThat(LogDirs.mountFor(below.logDir(), below.mounts())).isPresent();
        assertThat(LogDirs.relative("/data", "/data/logs")).isEqualTo("logs");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().mount("type=bind,src=/srv,dst=/data")
                .logDir("/datalogs").build()))
                .hasMessage("--log-dir /datalogs is not inside any --mount target, so the logs would stay in the"
                        + " container; add --mount type=bind,src=/host/logs,dst=/datalogs");
    }

    @Test
    void malformedTemplatesAreRefusedAtCreate() {
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().hostname("{{.Task.Slott}}").build()))
                .hasMessageContaining("unknown template field .Task.Slott");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().env("X={{.Service.Name").build()))
                .hasMessageContaining("--env X").hasMessageContaining("never closed");
        assertThatThrownBy(() -> ServiceSpecParser.parse(tomcat().hostname("web_{{.Task.Slot}}").build()))
                .hasMessageContaining("not a valid hostname");
    }
}
