package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The health-check flags: Docker's meaning on create and update, its limits, and the definition's round trips. */
class HealthSpecTest {
    private static ServiceDefinition create(HealthSettings h) {
        return ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1").health(h).build());
    }

    private static ServiceDefinition update(ServiceDefinition current, HealthSettings h) {
        return ServiceUpdater.apply(current, ServiceUpdateOptions.builder().health(h).build());
    }

    private static HealthSettings cmd(String cmd) {
        return new HealthSettings(cmd, null, null, null, null, null);
    }

    private static final HealthSettings NO_CHECK = new HealthSettings(null, null, null, null, null, true);

    @Test
    void noFlagMeansTheImagesCheck() {
        assertThat(create(HealthSettings.NONE).health()).isNull();
        assertThat(create(cmd("")).health()).as("an empty command is the image's").isNull();
        assertThat(create(new HealthSettings(null, null, null, null, null, false)).health()).isNull();
    }

    @Test
    void everyFlagSetsItsPartAndTheRestStaysTheImages() {
        HealthSpec h = create(new HealthSettings("wget -q -O- localhost:8080/ || exit 1", "5s", "4", "1m", "2s", null))
                .health();
        assertThat(h).isEqualTo(new HealthSpec(List.of("CMD-SHELL", "wget -q -O- localhost:8080/ || exit 1"),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 4, Duration.ofMinutes(1)));
        assertThat(h.command()).isEqualTo("wget -q -O- localhost:8080/ || exit 1");
        HealthSpec onlyInterval = create(new HealthSettings(null, "10s", null, null, null, null)).health();
        assertThat(onlyInterval.test()).as("the image's command, run every 10s").isEmpty();
        assertThat(onlyInterval.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(onlyInterval.timeout()).isZero();
        assertThat(onlyInterval.retries()).isZero();
    }

    @Test
    void noHealthcheckDisablesAndConflictsWithTheOtherFlags() {
        assertThat(create(NO_CHECK).health()).isEqualTo(HealthSpec.DISABLED);
        assertThat(HealthSpec.DISABLED.disabled()).isTrue();
        assertThat(HealthSpec.DISABLED.test()).containsExactly("NONE");
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> create(new HealthSettings("true", null, null, null, null, true)));
        assertThat(e.problems()).containsExactly("--no-healthcheck conflicts with --health-* options: give either"
                + " --no-healthcheck or the --health-* flags");
    }

    @ParameterizedTest
    @CsvSource({"--health-interval,500us,cannot be less than 1ms", "--health-timeout,soon,not a duration",
            "--health-start-period,-5s,cannot be negative", "--health-retries,-1,cannot be negative",
            "--health-retries,three,not a whole number", "--health-interval,10,has no unit"})
    void aBadValueGetsOneLineNamingItsFlag(String flag, String value, String why) {
        HealthSettings h = switch (flag) {
            case "--health-interval" -> new HealthSettings(null, value, null, null, null, null);
            case "--health-timeout" -> new HealthSettings(null, null, null, null, value, null);
            case "--health-start-period" -> new HealthSettings(null, null, null, value, null, null);
            default -> new HealthSettings(null, null, value, null, null, null);
        };
        SpecException e = catchThrowableOfType(SpecException.class, () -> create(h));
        assertThat(e.problems()).singleElement().asString().startsWith(flag + " ").contains(value).contains(why);
    }

    @Test
    void zeroAndOneMillisecondAreAllowed() {
        assertThat(create(new HealthSettings(null, "0", null, null, "1ms", null)).health().timeout())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void toOptionsGivesTheSameDefinitionBack() {
        for (HealthSettings h : List.of(HealthSettings.NONE, NO_CHECK, cmd("true"),
                new HealthSettings("exit 0", "1m30s", "2", "500ms", "3s", null),
                new HealthSettings(null, null, "5", null, null, null))) {
            ServiceDefinition d = create(h);
            assertThat(ServiceSpecParser.parse(d.toOptions())).as(h.toString()).isEqualTo(d);
        }
    }

    @Test
    void anUpdateChangesOnlyWhatItGivesAsDockerDoes() {
        ServiceDefinition checked = create(new HealthSettings("check", "5s", "3", null, null, null));
        HealthSpec retried = update(checked, new HealthSettings(null, null, "7", null, null, null)).health();
        assertThat(retried).isEqualTo(new HealthSpec(HealthSpec.shell("check"), Duration.ofSeconds(5), null, 7, null));
        assertThat(update(checked, HealthSettings.NONE).health()).isEqualTo(checked.health());
        assertThat(update(checked, cmd("")).health().test()).as("--health-cmd \"\": the image's command again")
                .isEmpty();
    }

    @Test
    void noHealthcheckOnUpdateReplacesTheCheckAndAnotherFlagTurnsItOff() {
        ServiceDefinition checked = create(new HealthSettings("check", "5s", null, null, null, null));
        ServiceDefinition off = update(checked, NO_CHECK);
        assertThat(off.health()).isEqualTo(HealthSpec.DISABLED);
        assertThat(update(off, new HealthSettings(null, "10s", null, null, null, null)).health())
                .as("the image's check again, every 10s").isEqualTo(new HealthSpec(null, Duration.ofSeconds(10),
                        null, 0, null));
        assertThat(update(off, new HealthSettings(null, null, null, null, null, false)).health())
                .as("--no-healthcheck=false: the image's check").isNull();
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> update(checked, new HealthSettings(null, "1s", null, null, null, true)));
        assertThat(e.problems()).singleElement().asString().startsWith("--no-healthcheck conflicts");
    }

    @Test
    void theDefinitionRoundTripsThroughJsonAndOlderStatesHaveNoCheck() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ServiceDefinition d = create(new HealthSettings("check", "5s", "2", "1s", "500ms", null));
        String json = mapper.writeValueAsString(d);
        assertThat(json).contains("\"health\":{\"test\":[\"CMD-SHELL\",\"check\"],\"interval\":\"PT5S\"");
        assertThat(mapper.readValue(json, ServiceDefinition.class)).isEqualTo(d);
        String older = mapper.writeValueAsString(create(HealthSettings.NONE)).replace(",\"health\":null", "");
        assertThat(older).doesNotContain("health");
        assertThat(mapper.readValue(older, ServiceDefinition.class).health()).isNull();
    }

    @Test
    void theFlagsTravelFlatInJson() throws Exception {
        ObjectMapper mapper = Json.mapper();
        ServiceOptions o = ServiceOptions.builder("web", "img:1")
                .health(new HealthSettings("check", "5s", "2", "1s", "3s", null)).build();
        String json = mapper.writeValueAsString(o);
        assertThat(json).contains("\"healthCmd\":\"check\"", "\"healthInterval\":\"5s\"", "\"healthRetries\":\"2\"")
                .doesNotContain("\"health\"");
        assertThat(mapper.readValue(json, ServiceOptions.class)).isEqualTo(o);
        ServiceUpdateOptions u = ServiceUpdateOptions.builder().health(NO_CHECK).build();
        String uj = mapper.writeValueAsString(u);
        assertThat(uj).contains("\"noHealthcheck\":true");
        assertThat(mapper.readValue(uj, ServiceUpdateOptions.class)).isEqualTo(u);
        assertThat(mapper.readValue("{\"name\":\"web\",\"image\":\"img:1\"}", ServiceOptions.class).settings()
                .health()).as("what an older CLI sends").isEqualTo(HealthSettings.NONE);
    }
}
