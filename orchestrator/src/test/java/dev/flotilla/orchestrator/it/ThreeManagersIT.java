package dev.flotilla.orchestrator.it;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three manager processes and a worker, shared by the scenarios of the seed's second half: the leader is killed
 * (SIGKILL) or hung (SIGSTOP), two of three die, everything stops and starts again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeManagersIT {
    private static final Duration ELECTION = Duration.ofSeconds(20);
    private TestCluster c;

    @BeforeAll
    void start() {
        c = new TestCluster("three-managers");
        c.init("dev01");
        c.join("dev02", "manager");
        c.join("dev03", "manager");
        c.join("worker1", "worker");
        c.awaitReachable(c.first(), 3, Duration.ofSeconds(30));
    }

    /** Every scenario starts from three live, reachable managers, whatever the previous one left behind. */
    @org.junit.jupiter.api.BeforeEach
    void allManagersUp() {
        managers().stream().filter(m -> !m.alive()).forEach(Member::restart);
        c.awaitReachable(managers().stream().filter(Member::alive).findFirst().orElseThrow(), 3, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    private List<Member> managers() {
        return List.of(c.byName("dev01"), c.byName("dev02"), c.byName("dev03"));
    }

    private Member other(Member a, Member b) {
        return managers().stream().filter(m -> m != a && m != b).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void killedLeaderIsReplacedAndComesBackAsFollower() {
        Member old = c.awaitLeader(c.first(), ELECTION);
        Member survivor = managers().stream().filter(m -> m != old).findFirst().orElseThrow();
        old.sigkill();

        Member next = c.awaitLeader(survivor, ELECTION);
        assertThat(next).isNotEqualTo(old);
        c.cliVia(survivor, "node", "update", "--label-add", "after-kill=yes", "worker1").ok();
        Await.until(old.name + " shown Unreachable", Duration.ofSeconds(10),
                () -> c.cliVia(survivor, "node", "ls").ok().out().contains("Unreachable"));
        assertThat(c.managerStatus(survivor)).containsEntry(old.name, "Unreachable").containsEntry(next.name, "Leader");

        old.restart();
        c.awaitReachable(survivor, 3, Duration.ofSeconds(40));
        assertRejoinedAsFollower(old, next, survivor);
    }

    /** The leader as seen through {@code via}, once it is not {@code old}. */
    private Member newLeader(Member via, Member old) {
        String name = Await.value("a leader other than " + old.name, ELECTION, () -> {
            try {
                return c.leader(via).filter(l -> !l.equals(old.name)).orElse(null);
            } catch (AssertionError e) {
                return null;
            }
        });
        return c.byName(name);
    }

    @Test
    @Order(2)
    void hungLeaderIsReplacedAndComesBackAsFollower() {
        Member old = c.awaitLeader(managers().get(0), ELECTION);
        Member survivor = managers().stream().filter(m -> m != old).findFirst().orElseThrow();
        old.sigstop();
        try {
            Member next = newLeader(survivor, old);
            c.cliVia(survivor, "node", "update", "--label-add", "after-stop=yes", "worker1").ok();
            Await.until(old.name + " shown Unreachable", Duration.ofSeconds(10),
                    () -> "Unreachable".equals(c.managerStatus(survivor).get(old.name)));
            old.sigcont();
            c.awaitReachable(survivor, 3, Duration.ofSeconds(40));
            assertRejoinedAsFollower(old, next, survivor);
        } finally {
            old.sigcont();
        }
    }

    @Test
    @Order(3)
    void withTwoOfThreeDownNothingIsAcceptedUntilOneReturns() {
        Member leader = c.awaitLeader(managers().get(0), ELECTION);
        Member follower = managers().stream().filter(m -> m != leader).findFirst().orElseThrow();
        Member survivor = other(leader, follower);
        String before = c.cliVia(survivor, "node", "inspect", "worker1").ok().out();
        leader.sigkill();
        follower.sigkill();

        Cli write = Await.value("writes refused", Duration.ofSeconds(10), () -> {
            Cli w = c.cliVia(survivor, "node", "update", "--label-add", "lost=yes", "worker1");
            return w.exit() == 0 ? null : w;
        });
        assertThat(write.exit()).as(write.toString()).isEqualTo(3);
        assertThat(write.err()).contains("does not have a leader").contains("1 of 3 managers is reachable")
                .contains("more than half");
        assertThat(write.millis()).as("a write without quorum fails in bounded time").isLessThan(10_000);
        Cli read = c.cliVia(survivor, "node", "ls");
        assertThat(read.exit()).as(read.toString()).isEqualTo(3);
        assertThat(read.err()).contains("does not have a leader");

        follower.restart();
        Await.until("writes accepted again", Duration.ofSeconds(60),
                () -> c.cliVia(survivor, "node", "update", "--label-add", "restored=yes", "worker1").exit() == 0);
        String after = c.cliVia(survivor, "node", "inspect", "worker1").ok().out();
        assertThat(after).contains("\"restored\"").doesNotContain("\"lost\"");
        assertThat(before).doesNotContain("\"lost\"");
        leader.restart();
        c.awaitReachable(survivor, 3, Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void stopAllAndStartAllKeepsTheState() {
        c.cliVia(c.first(), "node", "update", "--label-add", "zone=eu", "--availability", "drain", "worker1").ok();
        managers().parallelStream().forEach(Member::stop);
        managers().forEach(Member::restart);
        Member leader = c.awaitLeader(c.first(), Duration.ofSeconds(60));
        String worker = c.cliVia(leader, "node", "inspect", "worker1").ok().out();
        assertThat(worker).contains("\"zone\" : \"eu\"").contains("\"DRAIN\"").contains("\"restored\"");
        c.awaitReachable(leader, 3, Duration.ofSeconds(40));
        assertThat(c.nodes(leader)).hasSize(4);
    }

    @Test
    @Order(5)
    void promoteWarnsOnAnEvenCountAndDemoteGivesTheVoteBack() {
        Member via = c.awaitLeader(c.first(), ELECTION);
        Cli promote = c.cliVia(via, "node", "promote", "worker1").ok();
        assertThat(promote.out()).contains("worker1 promoted to a manager");
        assertThat(promote.err()).contains("4 managers").contains("odd number");
        c.awaitReachable(via, 4, Duration.ofSeconds(40));
        assertThat(c.managerStatus(via)).containsKey("worker1");

        Cli demote = c.cliVia(via, "node", "demote", "worker1").ok();
        assertThat(demote.out()).contains("worker1 demoted");
        Await.until("worker1 is a worker again and out of the Raft group", Duration.ofSeconds(30),
                () -> !c.managerStatus(via).containsKey("worker1") && c.cliVia(via, "info", "--format", "json")
                        .ok().out().contains("\"voters\" : 3"));
        c.cliVia(via, "node", "update", "--label-add", "still=works", "worker1").ok();
    }

    @Test
    @Order(6)
    void demotingTheLeaderAndTheOthersInOneCommandEndsWithTheLastManagerRefused() {
        Member leader = c.awaitLeader(c.first(), ELECTION);
        List<String> others = managers().stream().filter(m -> m != leader).map(m -> m.name).toList();
        // the leader goes first: the next names are answered while it is still leaving its manager role
        Cli r = c.cliVia(leader, "node", "demote", leader.name, others.get(0), others.get(1));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("Manager " + leader.name + " demoted", "Manager " + others.get(0) + " demoted");
        assertThat(r.err()).contains("cannot demote " + others.get(1) + ": it is the last manager")
                .doesNotContain("internal error", "Exception");
    }

    private String admin;
    private dev.flotilla.orchestrator.tls.ClientTls adminTls;

    private ApiWire.Health health(Member m) {
        if (admin == null) {
            try {
                var cfg = dev.flotilla.orchestrator.client.ClientConfig.load(java.nio.file.Path.of(c.config()));
                admin = cfg.credential();
                adminTls = dev.flotilla.orchestrator.tls.ClientTls.trusting(
                        dev.flotilla.orchestrator.pki.Pem.certificates(cfg.caCertificate()),
                        dev.flotilla.orchestrator.tls.PeerCheck.manager());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new ApiClient(List.of(m.api()), adminTls, admin, Duration.ofSeconds(5)).get("/v1/health", ApiWire.Health.class);
    }

    /**
     * The member that came back follows the new leader and has applied everything the survivor had when it was
     * checked; only then is the leader checked again, so "it did not take leadership back" is asserted after it had
     * every chance to.
     */
    private void assertRejoinedAsFollower(Member returned, Member next, Member survivor) {
        long applied = health(survivor).appliedIndex();
        String nextId = health(next).nodeId();
        Await.until(returned.name + " follows " + next.name + " and has caught up", Duration.ofSeconds(30), () -> {
            ApiWire.Health h = health(returned);
            return "FOLLOWER".equals(h.raftRole()) && nextId.equals(h.leaderId()) && h.appliedIndex() >= applied;
        });
        assertThat(c.leader(survivor)).as("the returning manager does not take leadership back").contains(next.name);
        assertThat(health(next).raftRole()).isEqualTo("LEADER");
    }
}
