package dev.flotilla.orchestrator.leader;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader's orchestration loop over an in-memory store: it places what is created, and only as the leader. */
class OrchestrationLoopTest {
    private final MemoryStore store = TestClusters.store("m1", "w1", "w2");
    private final OrchestrationLoop loop = new OrchestrationLoop(store);

    @AfterEach
    void close() {
        loop.close();
    }

    private static Service service(String name, int replicas) {
        return new Service("svc-" + name, ServiceSpecParser.parse(ServiceOptions.builder(name, "img:1")
                .replicas(Integer.toString(replicas)).build()), 1, 1, 1);
    }

    private List<Task> live(String serviceId) {
        return store.local().tasks().values().stream().filter(t -> t.serviceId().equals(serviceId) && t.isLive()).toList();
    }

    private void start() {
        store.onApplied((s, i) -> loop.poke());
        loop.start().activate();
    }

    @Test
    void aCreatedServiceGetsOneTaskPerSlotSpreadOverTheReadyNodes() throws Exception {
        start();
        store.propose(new Command.CreateService(service("web", 3)));
        await(() -> live("svc-web").size() == 3 && live("svc-web").stream().allMatch(t -> !t.nodeId().isEmpty()),
                "3 tasks placed");
        List<Task> tasks = live("svc-web");
        assertThat(tasks).extracting(Task::slot).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(tasks).extracting(Task::nodeId).containsExactlyInAnyOrder("m1", "w1", "w2");
        assertThat(tasks).allMatch(t -> t.state() == TaskState.ASSIGNED && !t.hostname().isEmpty());
        assertThat(loop.passes()).isPositive();
    }

    @Test
    void aFollowerDoesNothingUntilItLeads() throws Exception {
        store.setLeader(false);
        start();
        store.propose(new Command.CreateService(service("web", 2)));
        long woke = loop.wakeups();
        await(() -> loop.wakeups() >= woke + 2, "two wakeups after the change");
        assertThat(live("svc-web")).isEmpty();
        assertThat(loop.passes()).isZero();
        assertThat(loop.isActive()).isFalse();

        store.setLeader(true);
        loop.poke();
        await(() -> live("svc-web").size() == 2, "2 tasks once it leads");
    }

    @Test
    void aLostQuorumDelaysTheWritesAndTheyComeOnceItIsBack() throws Exception {
        store.propose(new Command.CreateService(service("web", 2)));
        int proposed = store.proposed().size();
        store.setAvailable(false);
        start();
        long passes = loop.passes();
        await(() -> loop.passes() >= passes + 2, "two passes without a quorum");
        assertThat(live("svc-web")).isEmpty();
        assertThat(store.proposed()).hasSize(proposed);

        store.setAvailable(true);
        loop.poke();
        await(() -> live("svc-web").size() == 2, "2 tasks once the quorum is back");
    }

    @Test
    void scalingDownStopsTheHighestSlots() throws Exception {
        start();
        Service web = service("web", 3);
        store.propose(new Command.CreateService(web));
        await(() -> live("svc-web").size() == 3, "3 tasks");
        Service two = new Service(web.id(), ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1")
                .replicas("1").build()), 2, 1, 2);
        store.propose(new Command.UpdateService(two));
        await(() -> live("svc-web").size() == 1, "1 task left");
        assertThat(live("svc-web")).extracting(Task::slot).containsExactly(1);
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(10), condition::getAsBoolean);
    }
}
