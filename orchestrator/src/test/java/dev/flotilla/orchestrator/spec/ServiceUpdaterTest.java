package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServiceUpdaterTest {
    private final ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1").replicas("3")
            .env("A=1").env("B=2").label("team=x").publish("8080:8080").constraint("node.role==worker")
            .mount("type=bind,src=/srv/logs,dst=/logs").logDir("/logs").build());

    @Test
    void imageAndEnvLikeDocker() {
        ServiceDefinition d = ServiceUpdater.apply(web, ServiceUpdateOptions.builder().image("web:2")
                .envRm("A").envAdd("B=3").envAdd("C=4").build());
        assertThat(d.image()).isEqualTo("web:2");
        assertThat(d.env()).containsExactly(new EnvVar("B", "3"), new EnvVar("C", "4"));
        assertThat(d.replicas()).isEqualTo(3);
        assertThat(d.mounts()).isEqualTo(web.mounts());
        assertThat(d.forceUpdate()).isZero();
    }

    @Test
    void forceRaisesTheCounterWithoutOtherChanges() {
        ServiceDefinition d = ServiceUpdater.apply(web, ServiceUpdateOptions.builder().force(true).build());
        assertThat(d).isEqualTo(web.withForceUpdate(1));
        assertThat(ServiceUpdater.apply(d, ServiceUpdateOptions.builder().force(true).build()).forceUpdate()).isEqualTo(2);
    }

    @Test
    void addsReplaceAndRemovalsRemove() {
        ServiceDefinition d = ServiceUpdater.apply(web, ServiceUpdateOptions.builder().labelRm("team").labelAdd("tier=front")
                .publishRm("8080").publishAdd("9090:80").constraintRm("node.role == worker").constraintAdd("node.labels.zone==eu")
                .mountAdd("type=bind,src=/var/log/web,dst=/logs").replicas("5").updateParallelism("2").hostname("web-{{.Task.Slot}}")
                .build());
        assertThat(d.labels()).containsExactly(Map.entry("tier", "front"));
        assertThat(d.ports()).containsExactly(new PortSpec(9090, 80, Protocol.TCP));
        assertThat(d.constraints()).extracting(Constraint::format).containsExactly("node.labels.zone==eu");
        assertThat(d.mounts()).containsExactly(new MountSpec("/var/log/web", "/logs", false));
        assertThat(d.replicas()).isEqualTo(5);
        assertThat(d.update().parallelism()).isEqualTo(2);
        assertThat(d.hostname()).isEqualTo("web-{{.Task.Slot}}");
        assertThat(ServiceUpdater.apply(d, ServiceUpdateOptions.builder().hostname("").build()).hostname()).isNull();
    }

    @Test
    void removalsThatMatchNothingAndBrokenResultsAreRefused() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ServiceUpdater.apply(web, ServiceUpdateOptions.builder()
                .envRm("NOPE").labelRm("nope").publishRm("1234").mountRm("/nowhere").constraintRm("node.id==x")
                .replicas("-1").build()));
        assertThat(e.problems()).containsExactly(
                "--env-rm NOPE: the service has no variable NOPE; see service inspect for what it has",
                "--label-rm nope: the service has no label nope; see service inspect",
                "--constraint-rm node.id==x: the service has no constraint node.id==x; see service inspect for what it has",
                "--publish-rm 1234: the service publishes no port 1234; see service inspect for what it has",
                "--mount-rm /nowhere: the service mounts nothing at /nowhere; see service inspect for what it has",
                "--replicas -1: cannot be negative; use 0 or more");
        assertThatThrownBy(() -> ServiceUpdater.apply(web, ServiceUpdateOptions.builder().mountRm("/logs").build()))
                .hasMessageContaining("--log-dir /logs is not inside any --mount target");
    }
}
