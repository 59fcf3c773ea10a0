package dev.flotilla.orchestrator.it;

import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A majority lost for good: two of three managers die, the survivor is restarted with
 * {@code init --force-new-cluster} and carries on with the state it had. A dead manager that returns rejoins the
 * new group; the others are demoted and removed.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class ForceNewClusterIT {
    private TestCluster c;

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aSurvivorRestartsTheClusterWithItsState() throws IOException {
        c = new TestCluster("force-new-cluster");
        Member dev01 = c.init("dev01");
        Member dev02 = c.join("dev02", "manager");
        Member dev03 = c.join("dev03", "manager");
        c.join("worker1", "worker");
        c.awaitReachable(dev01, 3, Duration.ofSeconds(30));
        c.cli("node", "update", "--label-add", "kept=yes", "--availability", "pause", "worker1").ok();

        dev02.sigkill();
        dev03.sigkill();
        assertThat(c.cliVia(dev01, "node", "ls").exit()).isEqualTo(3);
        dev01.stop();

        List<String> args = new java.util.ArrayList<>(List.of("init", "--force-new-cluster"));
        args.addAll(dev01.nodeFlags());
        dev01.launch(args);
        Await.until("force-new-cluster done", Duration.ofSeconds(60), () -> dev01.output().contains("restarted from the state"));
        try (Stream<java.nio.file.Path> s = Files.list(dev01.dataDir.resolve("archive"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("before-force-new-cluster"));
        }

        String worker = c.cliVia(dev01, "node", "inspect", "worker1").ok().out();
        assertThat(worker).contains("\"kept\" : \"yes\"").contains("\"PAUSE\"");
        assertThat(c.managerStatus(dev01)).containsEntry("dev01", "Leader").containsEntry("dev02", "Unreachable")
                .containsEntry("dev03", "Unreachable");
        c.cliVia(dev01, "node", "update", "--label-add", "after=yes", "worker1").ok();

        dev02.restart();
        Await.until("dev02 rejoined the new group", Duration.ofSeconds(60),
                () -> "Reachable".equals(c.managerStatus(dev01).get("dev02")));

        c.cliVia(dev01, "node", "demote", "dev03").ok();
        Await.until("dev03 down", Duration.ofSeconds(20),
                () -> c.cliVia(dev01, "node", "inspect", "dev03").ok().out().contains("\"DOWN\""));
        c.cliVia(dev01, "node", "rm", "dev03").ok();
        assertThat(c.managerStatus(dev01)).containsOnlyKeys("dev01", "dev02");
        c.cliVia(dev02, "node", "update", "--label-add", "via-dev02=yes", "worker1").ok();
    }
}
