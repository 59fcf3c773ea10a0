package dev.flotilla.orchestrator.it;

import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's first experiment: two managers. Losing either one stops all control with the no-leader message;
 * bringing it back restores control. Also node health: a worker that stops reporting goes Down, then Ready.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoManagersIT {
    private TestCluster c;

    @BeforeAll
    void start() {
        c = new TestCluster("two-managers");
        c.init("dev01");
        c.join("dev02", "manager");
        c.join("worker1", "worker");
        c.awaitReachable(c.first(), 2, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Order(1)
    void losingEitherManagerStopsControlUntilItReturns() {
        for (String lost : new String[]{"dev01", "dev02"}) {
            Member down = c.byName(lost);
            Member other = c.byName(lost.equals("dev01") ? "dev02" : "dev01");
            down.sigkill();
            // a read may still succeed in the instant the leader has a fresh answer from the dead one; not for long
            Cli ls = Await.value("control stops", Duration.ofSeconds(10), () -> {
                Cli r = c.cliVia(other, "node", "ls");
                return r.exit() == 0 ? null : r;
            });
            assertThat(ls.exit()).as(ls.toString()).isEqualTo(3);
            assertThat(ls.err()).contains("The cluster does not have a leader").contains("1 of 2 managers is reachable")
                    .contains("(at least 2 of 2) are online");
            Cli write = c.cliVia(other, "node", "update", "--label-add", "while-" + lost + "-down=yes", "worker1");
            assertThat(write.exit()).isEqualTo(3);

            down.restart();
            Await.until("control resumes after " + lost + " returns", Duration.ofSeconds(60),
                    () -> c.cliVia(other, "node", "update", "--label-add", lost + "-back=yes", "worker1").exit() == 0);
            c.awaitReachable(other, 2, Duration.ofSeconds(30));
        }
        String worker = c.cli("node", "inspect", "worker1").ok().out();
        assertThat(worker).contains("dev01-back").contains("dev02-back").doesNotContain("-down");
    }

    @Test
    @Order(2)
    void aSilentWorkerGoesDownAndComesBackReady() {
        Member w = c.byName("worker1");
        w.sigkill();
        Await.until("worker1 Down", Duration.ofSeconds(20),
                () -> c.cli("node", "inspect", "worker1").ok().out().contains("\"status\" : \"DOWN\""));
        assertThat(c.cli("node", "inspect", "worker1").ok().out()).contains("heartbeat failure");
        assertThat(c.cli("node", "ls").ok().out()).containsPattern("worker1 +Down");
        w.restart();
        Await.until("worker1 Ready again", Duration.ofSeconds(30),
                () -> c.cli("node", "inspect", "worker1").ok().out().contains("\"status\" : \"READY\""));
    }
}
