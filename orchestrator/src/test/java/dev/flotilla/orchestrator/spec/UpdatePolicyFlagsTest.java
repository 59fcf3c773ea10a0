package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The update and rollback policy flags: Swarm's defaults, their values, their errors, and update keeping them. */
class UpdatePolicyFlagsTest {
    private static ServiceOptions.Builder web() {
        return ServiceOptions.builder("web", "img:1");
    }

    @Test
    void swarmsDefaults() {
        ServiceDefinition d = ServiceSpecParser.parse(web().build());
        for (UpdatePolicy p : new UpdatePolicy[] {d.update(), d.rollback()}) {
            assertThat(p.parallelism()).isEqualTo(1);
            assertThat(p.delay()).isZero();
            assertThat(p.failureAction()).isEqualTo(UpdatePolicy.FailureAction.PAUSE);
            assertThat(p.monitor()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.maxFailureRatio()).isZero();
            assertThat(p.order()).isEqualTo(UpdatePolicy.Order.STOP_FIRST);
        }
    }

    @Test
    void everyPolicyFlagAndItsRoundTrip() {
        ServiceDefinition d = ServiceSpecParser.parse(web().updateFailureAction("rollback").updateMonitor("30s")
                .updateMaxFailureRatio("0.2").updateOrder("start-first").rollbackParallelism("0")
                .rollbackDelay("2s").rollbackFailureAction("continue").rollbackMonitor("1m")
                .rollbackMaxFailureRatio("1").rollbackOrder("start-first").build());
        assertThat(d.update()).isEqualTo(new UpdatePolicy(1, Duration.ZERO, UpdatePolicy.FailureAction.ROLLBACK,
                Duration.ofSeconds(30), 0.2, UpdatePolicy.Order.START_FIRST));
        assertThat(d.rollback()).isEqualTo(new UpdatePolicy(0, Duration.ofSeconds(2),
                UpdatePolicy.FailureAction.CONTINUE, Duration.ofMinutes(1), 1, UpdatePolicy.Order.START_FIRST));
        assertThat(ServiceSpecParser.parse(d.toOptions())).isEqualTo(d);
    }

    @Test
    void anUpdateKeepsThePolicyItDoesNotName() {
        ServiceDefinition d = ServiceSpecParser.parse(web().updateOrder("start-first").updateMonitor("9s").build());
        ServiceDefinition next = ServiceUpdater.apply(d, ServiceUpdateOptions.builder()
                .updateFailureAction("rollback").build());
        assertThat(next.update().order()).isEqualTo(UpdatePolicy.Order.START_FIRST);
        assertThat(next.update().monitor()).isEqualTo(Duration.ofSeconds(9));
        assertThat(next.update().failureAction()).isEqualTo(UpdatePolicy.FailureAction.ROLLBACK);
    }

    @Test
    void badValuesSayWhatToWriteAllAtOnce() {
        SpecException e = catchThrowableOfType(SpecException.class, () -> ServiceSpecParser.parse(web()
                .updateFailureAction("retry").updateOrder("random").updateMaxFailureRatio("1.5")
                .updateMonitor("soon").rollbackFailureAction("rollback").rollbackMaxFailureRatio("x").build()));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "invalid --update-failure-action 'retry': use pause, continue or rollback",
                "invalid --update-order 'random': use stop-first or start-first",
                "invalid --update-max-failure-ratio '1.5': give a fraction of the tasks between 0 and 1, for example"
                        + " --update-max-failure-ratio 0.2",
                e.problems().stream().filter(p -> p.startsWith("--update-monitor")).findFirst().orElse("missing"),
                "invalid --rollback-failure-action 'rollback': use pause or continue",
                "invalid --rollback-max-failure-ratio 'x': give a fraction of the tasks between 0 and 1, for example"
                        + " --rollback-max-failure-ratio 0.2");
    }

    @Test
    void theRatioComparesFailuresWithTheSlots() {
        UpdatePolicy p = new UpdatePolicy(1, Duration.ZERO, UpdatePolicy.FailureAction.PAUSE, Duration.ZERO, 0.5,
                UpdatePolicy.Order.STOP_FIRST);
        assertThat(p.tooManyFailures(0, 4)).isFalse();
        assertThat(p.tooManyFailures(2, 4)).isFalse();
        assertThat(p.tooManyFailures(3, 4)).isTrue();
        assertThat(UpdatePolicy.DEFAULT.tooManyFailures(1, 100)).as("ratio 0: any failure").isTrue();
    }
}
