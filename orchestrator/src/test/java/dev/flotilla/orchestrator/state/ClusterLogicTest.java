package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.state.Result.Code;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.flotilla.orchestrator.state.Fixtures.applyAll;
import static dev.flotilla.orchestrator.state.Fixtures.initialized;
import static dev.flotilla.orchestrator.state.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterLogicTest {

    @Test
    void theCertificateExpiryIsASettingOfAtLeastAnHourAndOldStatesReadTheDefault() throws Exception {
        ClusterState s = initialized();
        assertThat(s.settings().certExpiry()).isEqualTo(java.time.Duration.ofDays(90));
        Outcome shorter = ClusterLogic.apply(s, new Command.SetCertExpiry(java.time.Duration.ofHours(48).toMillis(), 5));
        assertThat(shorter.result().ok()).isTrue();
        assertThat(shorter.state().settings().certExpiry()).isEqualTo(java.time.Duration.ofHours(48));
        Outcome tooShort = ClusterLogic.apply(s, new Command.SetCertExpiry(60_000, 5));
        assertThat(tooShort.result().code()).isEqualTo(Code.INVALID);
        assertThat(tooShort.result().message()).contains("at least 1h");
        assertThat(tooShort.state()).isSameAs(s);
        ClusterSettings old = dev.flotilla.orchestrator.json.Json.read(
                "{\"heartbeatPeriodMillis\":5000,\"missedHeartbeats\":3,\"taskHistoryLimit\":5}".getBytes(),
                ClusterSettings.class);
        assertThat(old.certExpiry()).isEqualTo(ClusterSettings.DEFAULT_CERT_EXPIRY);
        var description = dev.flotilla.orchestrator.json.Json.read(("{\"hostname\":\"h\",\"apiAddress\":\"a:1\","
                + "\"raftAddress\":\"a:2\"}").getBytes(), dev.flotilla.orchestrator.api.NodeDescription.class);
        assertThat(description.certificateNotAfter()).as("a description from before certificates").isZero();
    }

    @Test
    void initCreatesTheFirstManagerAndCannotRunTwice() {
        ClusterState s = initialized();
        assertThat(s.isInitialized()).isTrue();
        assertThat(s.managers()).extracting(n -> n.hostname()).containsExactly("dev01");
        assertThat(s.credentials()).containsKeys("admin1", "cm1");

        Outcome again = ClusterLogic.apply(s, new Command.InitCluster("other", "fp", 2, ClusterSettings.defaults(),
                new JoinTokenHashes("a", "b"), Fixtures.node("x", "x", NodeRole.MANAGER), List.of()));
        assertThat(again.result().ok()).isFalse();
        assertThat(again.result().code()).isEqualTo(Code.CONFLICT);
        assertThat(again.state()).isSameAs(s);
    }

    @Test
    void commandsBeforeInitAreRejected() {
        Outcome o = ClusterLogic.apply(ClusterState.EMPTY, new Command.SetNodeStatus("n", NodeStatus.DOWN, "", 1));
        assertThat(o.result().code()).isEqualTo(Code.NOT_INITIALIZED);
        assertThat(o.state()).isSameAs(ClusterState.EMPTY);
    }

    @Test
    void joinNeedsTheCurrentTokenOfItsRole() {
        ClusterState s = initialized();
        ClusterState joined = applyAll(s, join("w1bbbb", "dev02", NodeRole.WORKER));
        assertThat(joined.node("w1bbbb").role()).isEqualTo(NodeRole.WORKER);
        assertThat(joined.credentials()).containsKey("cw1bbbb");

        // a worker's token hash presented for a manager join is not the manager token
        Command.JoinNode sneaky = new Command.JoinNode(Fixtures.node("m2", "dev03", NodeRole.MANAGER),
                join("m2", "dev03", NodeRole.MANAGER).credential(), Fixtures.WORKER_HASH);
        Outcome o = ClusterLogic.apply(joined, sneaky);
        assertThat(o.result().ok()).isFalse();
        assertThat(o.state().nodes()).doesNotContainKey("m2");

        // after rotation the old hash no longer admits anyone
        ClusterState rotated = applyAll(joined, new Command.RotateJoinToken(NodeRole.WORKER, "new-hash", 3));
        Outcome late = ClusterLogic.apply(rotated, join("w2cccc", "dev04", NodeRole.WORKER));
        assertThat(late.result().ok()).isFalse();
        assertThat(late.result().message()).contains("rotated");
    }

    @Test
    void theLastManagerCannotBeDemoted() {
        ClusterState s = initialized();
        Outcome o = ClusterLogic.apply(s, new Command.SetNodeRole("m1aaaa", NodeRole.WORKER, 2));
        assertThat(o.result().ok()).isFalse();
        assertThat(o.result().message()).contains("last manager");

        ClusterState two = applyAll(s, join("w1bbbb", "dev02", NodeRole.WORKER),
                new Command.SetNodeRole("w1bbbb", NodeRole.MANAGER, 3));
        assertThat(two.managerCount()).isEqualTo(2);
        ClusterState demoted = applyAll(two, new Command.SetNodeRole("m1aaaa", NodeRole.WORKER, 4));
        assertThat(demoted.managers()).extracting(n -> n.id()).containsExactly("w1bbbb");
    }

    @Test
    void removeRefusesManagersAndLiveNodesUnlessForced() {
        ClusterState s = applyAll(initialized(), join("w1bbbb", "dev02", NodeRole.WORKER));
        assertThat(ClusterLogic.apply(s, new Command.RemoveNode("m1aaaa", true, 2)).result().message())
                .contains("demote it first");
        Outcome live = ClusterLogic.apply(s, new Command.RemoveNode("w1bbbb", false, 2));
        assertThat(live.result().message()).contains("is not down");

        ClusterState forced = applyAll(s, new Command.RemoveNode("w1bbbb", true, 2));
        assertThat(forced.nodes()).doesNotContainKey("w1bbbb");
        assertThat(forced.credentials()).doesNotContainKey("cw1bbbb");

        ClusterState down = applyAll(s, new Command.SetNodeStatus("w1bbbb", NodeStatus.DOWN, "heartbeat failure", 5),
                new Command.RemoveNode("w1bbbb", false, 6));
        assertThat(down.nodes()).doesNotContainKey("w1bbbb");
    }

    @Test
    void updateSpecChangesAvailabilityAndLabelsAndRejectsBadKeys() {
        ClusterState s = initialized();
        ClusterState u = applyAll(s, new Command.UpdateNodeSpec("m1aaaa", Availability.DRAIN,
                Map.of("zone", "a", "disk", "ssd"), List.of(), 2));
        assertThat(u.node("m1aaaa").availability()).isEqualTo(Availability.DRAIN);
        assertThat(u.node("m1aaaa").labels()).containsEntry("zone", "a").containsEntry("disk", "ssd");

        ClusterState rm = applyAll(u, new Command.UpdateNodeSpec("m1aaaa", null, Map.of(), List.of("zone"), 3));
        assertThat(rm.node("m1aaaa").labels()).containsOnlyKeys("disk");
        assertThat(rm.node("m1aaaa").availability()).isEqualTo(Availability.DRAIN);

        Outcome bad = ClusterLogic.apply(u, new Command.UpdateNodeSpec("m1aaaa", null, Map.of("=x", "y"), List.of(), 4));
        assertThat(bad.result().code()).isEqualTo(Code.INVALID);
        assertThat(bad.result().message()).contains("invalid label");
    }

    @Test
    void batchAppliesEachCommandOnItsOwn() {
        ClusterState s = initialized();
        Outcome o = ClusterLogic.apply(s, new Command.Batch(List.of(
                new Command.UpdateNodeSpec("m1aaaa", null, Map.of("a", "1"), List.of(), 2),
                new Command.UpdateNodeSpec("missing", null, Map.of("b", "2"), List.of(), 2),
                new Command.UpdateNodeSpec("m1aaaa", null, Map.of("c", "3"), List.of(), 2))));
        assertThat(o.result().items()).extracting(Result::ok).containsExactly(true, false, true);
        assertThat(o.state().node("m1aaaa").labels()).containsOnlyKeys("a", "c");
    }

    @Test
    void applyIsDeterministic() {
        Command[] cmds = {join("w1bbbb", "dev02", NodeRole.WORKER),
                new Command.UpdateNodeSpec("w1bbbb", Availability.PAUSE, Map.of("k", "v"), List.of(), 3),
                new Command.SetNodeStatus("w1bbbb", NodeStatus.DOWN, "heartbeat failure", 4)};
        assertThat(applyAll(initialized(), cmds)).isEqualTo(applyAll(initialized(), cmds));
    }

    @Test
    void validateAgreesWithApply() {
        ClusterState s = initialized();
        Command bad = new Command.SetNodeRole("nope", NodeRole.MANAGER, 1);
        assertThat(ClusterLogic.validate(s, bad)).get().extracting(Result::code).isEqualTo(Code.NOT_FOUND);
        assertThat(ClusterLogic.validate(s, new Command.SetNodeStatus("m1aaaa", NodeStatus.READY, "", 1))).isEmpty();
    }
}
