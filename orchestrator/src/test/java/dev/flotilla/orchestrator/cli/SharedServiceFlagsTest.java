package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.HealthSettings;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceLists;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSettings;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdater;
import dev.flotilla.orchestrator.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A flag that means the same on {@code service create} and {@code service update} is spelled and read the same. */
class SharedServiceFlagsTest {
    private static ServiceOptions create(String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.add("img:1");
        ServiceCreateCommand cmd = new ServiceCreateCommand();
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd.options();
    }

    private static ServiceUpdateOptions update(String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.add("web");
        ServiceUpdateCommand cmd = new ServiceUpdateCommand();
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd.options();
    }

    @ParameterizedTest
    @CsvSource({"--replicas,3", "--replicas-max-per-node,2", "--reserve-cpu,1.5", "--reserve-memory,256m",
            "--limit-cpu,2", "--limit-memory,512m", "--stop-grace-period,1m30s", "--hostname,web-{{.Task.Slot}}",
            "--log-dir,/logs", "--update-parallelism,2", "--update-delay,500ms", "--health-cmd,wget -q localhost",
            "--health-interval,5s", "--health-retries,2", "--health-start-period,1m", "--health-timeout,3s",
            "--no-healthcheck,true", "--no-healthcheck,false"})
    void eachSettingIsTheSameOnCreateAndUpdate(String flag, String value) {
        ServiceSettings created = create(flag, value).settings();
        assertThat(created).as(flag + " sets something").isNotEqualTo(ServiceSettings.NONE);
        assertThat(update(flag, value).settings()).isEqualTo(created);
    }

    @Test
    void theSameSpellingsGiveTheSameDefinition() {
        String[] flags = {"--reserve-cpu", "1.5", "--stop-grace-period", "1m30s", "--limit-memory", "512m",
                "--update-delay", "1m"};
        ServiceOptions created = create(flags);
        assertThat(update(flags).settings()).isEqualTo(created.settings());

        ServiceDefinition fromCreate = ServiceSpecParser.parse(created.withName("web"));
        ServiceDefinition before = ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1").build());
        ServiceDefinition fromUpdate = ServiceUpdater.apply(before, update(flags));
        assertThat(fromCreate.reservations().nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(fromCreate.limits().memoryBytes()).isEqualTo(512L << 20);
        assertThat(fromCreate.stopGracePeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(fromCreate.update().delay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(fromUpdate).isEqualTo(fromCreate);
    }

    @ParameterizedTest
    @CsvSource({"--publish,--publish-add,8080:80", "--mount,--mount-add,type=bind,src=/srv,dst=/data",
            "--env,--env-add,A=1", "--label,--label-add,team=x", "--constraint,--constraint-add,node.role==worker"})
    void anUpdateAddTakesWhatTheCreateFlagTakes(String createFlag, String addFlag, String value) {
        ServiceLists created = create(createFlag, value).lists();
        assertThat(created).isNotEqualTo(ServiceLists.NONE);
        ServiceUpdateOptions u = update(addFlag, value);
        assertThat(u.add()).isEqualTo(created);
        assertThat(u.remove()).isEqualTo(ServiceLists.NONE);
    }

    @Test
    void removalsFillTheSameListsAndShortFlagsStayOnCreate() {
        ServiceUpdateOptions u = update("--publish-rm", "8080", "--mount-rm", "/data", "--env-rm", "A", "--label-rm",
                "team", "--constraint-rm", "node.role==worker", "--image", "img:2", "--force");
        assertThat(u.remove()).isEqualTo(new ServiceLists(List.of("8080"), List.of("/data"), List.of("A"),
                List.of("team"), List.of("node.role==worker")));
        assertThat(u.image()).isEqualTo("img:2");
        assertThat(u.force()).isTrue();
        assertThat(create("-p", "80:80", "-e", "A=1", "-l", "k=v").lists())
                .isEqualTo(create("--publish", "80:80", "--env", "A=1", "--label", "k=v").lists());
    }

    @Test
    void healthFlagsFillTheirGroupAndNoHealthcheckNeedsNoValue() {
        ServiceSettings s = create("--health-cmd", "curl -f localhost || exit 1", "--health-interval", "5s",
                "--health-retries", "4", "--health-start-period", "30s", "--health-timeout", "2s").settings();
        assertThat(s.health()).isEqualTo(new HealthSettings("curl -f localhost || exit 1", "5s", "4", "30s", "2s",
                null));
        assertThat(s).as("nothing else").isEqualTo(ServiceOptions.builder("web", "img:1").health(s.health()).build()
                .settings());
        ServiceCreateCommand cmd = new ServiceCreateCommand();
        new CommandLine(cmd).parseArgs("--no-healthcheck", "img:1", "true");
        assertThat(cmd.options().settings().health().noHealthcheck()).isTrue();
        assertThat(cmd.options().image()).as("the flag takes no value from what follows").isEqualTo("img:1");
        assertThat(cmd.options().command()).containsExactly("true");
        assertThat(update("--no-healthcheck=false").settings().health().noHealthcheck()).isFalse();
        assertThat(update("--no-healthcheck").settings().health().noHealthcheck()).isTrue();
    }

    @Test
    void aBadNoHealthcheckValueSaysWhatToWrite() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"service", "update", "--no-healthcheck=maybe", "web"}, new PrintWriter(
                new StringWriter()), new PrintWriter(err, true));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().findFirst().orElseThrow()).contains("--no-healthcheck", "maybe",
                "--no-healthcheck=false");
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void createTakesImageAndCommandAfterItsFlags() {
        ServiceCreateCommand cmd = new ServiceCreateCommand();
        new CommandLine(cmd).parseArgs("--name", "web", "--mode", "global", "img:1", "sh", "-c", "--replicas 3");
        ServiceOptions o = cmd.options();
        assertThat(o.name()).isEqualTo("web");
        assertThat(o.mode()).isEqualTo("global");
        assertThat(o.image()).isEqualTo("img:1");
        assertThat(o.command()).containsExactly("sh", "-c", "--replicas 3");
        assertThat(o.settings()).isEqualTo(ServiceSettings.NONE);
    }

    @ParameterizedTest
    @CsvSource({"--stop-grace-period,5d,unknown unit", "--update-delay,soon,not a duration",
            "--reserve-cpu,lots,not a number of CPUs", "--limit-memory,512X,not a size",
            "--health-interval,100us,cannot be less than 1ms", "--health-timeout,fast,not a duration",
            "--health-retries,many,not a whole number", "--health-start-period,-1s,cannot be negative"})
    void aBadValueIsRefusedTheSameWayOnCreateAndUpdateNamingTheFlag(String flag, String value, String why) {
        SpecException onCreate = catchThrowableOfType(SpecException.class,
                () -> ServiceSpecParser.parse(create(flag, value).withName("web")));
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1").build());
        SpecException onUpdate = catchThrowableOfType(SpecException.class,
                () -> ServiceUpdater.apply(web, update(flag, value)));
        assertThat(onCreate.problems()).singleElement().asString().startsWith(flag + " \"" + value + "\"").contains(why);
        assertThat(onUpdate.problems()).isEqualTo(onCreate.problems());
    }
}
