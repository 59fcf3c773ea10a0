package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ServiceViews;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The service operations through a real {@link ManagerService} over a {@link MemoryStore}. */
class ServiceOpsTest {
    private TestManagers m = new TestManagers(new MemoryStore("m1", TestManagers.cluster("w1", "w2")));

    @AfterEach
    void close() {
        m.close();
    }

    private ServiceViews.Created createWeb() {
        return m.ops.create(ServiceOptions.builder("web", "img:1").replicas("2").build());
    }

    private static ApiProblem problem(Runnable r) {
        ApiProblem p = catchThrowableOfType(r::run, ApiProblem.class);
        assertThat(p).as("an ApiProblem").isNotNull();
        return p;
    }

    @Test
    void aCreatedServiceIsListedAndInspectableByNameAndId() {
        ServiceViews.Created created = createWeb();

        assertThat(created.service().name()).isEqualTo("web");
        assertThat(created.desired()).isEqualTo(2);
        assertThat(m.store.proposed()).singleElement().isInstanceOf(Command.CreateService.class);

        assertThat(m.ops.list()).extracting(s -> s.service().name()).containsExactly("web");
        Service byName = m.ops.inspect("web");
        assertThat(byName.id()).isEqualTo(created.service().id());
        assertThat(byName.version()).isEqualTo(1);
        assertThat(byName.spec().image()).isEqualTo("img:1");
        assertThat(byName.spec().replicas()).isEqualTo(2);
        assertThat(byName.previousSpec()).isNull();
        assertThat(m.ops.inspect(created.service().id())).isEqualTo(byName);
        assertThat(m.ops.inspect(created.service().id().substring(0, 6))).as("unique id prefix").isEqualTo(byName);
    }

    @Test
    void aSecondServiceWithTheSameNameIsAConflictAndCreatesNothing() {
        createWeb();

        ApiProblem p = problem(() -> m.ops.create(ServiceOptions.builder("web", "img:2").build()));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(p.code()).isEqualTo("CONFLICT");
        assertThat(p.getMessage()).contains("service web already exists");
        assertThat(m.store.local().services()).hasSize(1);
        assertThat(m.ops.inspect("web").spec().image()).as("the first one is untouched").isEqualTo("img:1");
    }

    @Test
    void anImageNoNodeHasIsRefusedBeforeAnythingIsWritten() {
        ApiProblem p = problem(() -> m.ops.create(ServiceOptions.builder("web", "nowhere:9").build()));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.BAD_REQUEST);
        assertThat(p.code()).isEqualTo("IMAGE_NOT_FOUND");
        assertThat(p.getMessage()).contains("nowhere:9", "not on any node", "docker build / docker load");
        assertThat(m.store.proposed()).isEmpty();
    }

    @Test
    void scaleChangesTheReplicasAsANewVersion() {
        createWeb();

        ServiceViews.Updated u = m.ops.scale("web", new ServiceViews.Scale(5));

        assertThat(u.service().spec().replicas()).isEqualTo(5);
        assertThat(m.ops.inspect("web").spec().replicas()).isEqualTo(5);
        assertThat(m.ops.inspect("web").version()).isEqualTo(2);
        assertThat(m.ops.list()).singleElement().extracting(ServiceViews.Summary::desired).isEqualTo(5);
    }

    @Test
    void anUpdateKeepsThePreviousDefinitionAndRollbackSwapsThemBackAndForth() {
        createWeb();

        ServiceViews.Updated updated = m.ops.update("web", ServiceUpdateOptions.builder().image("img:2").build());
        assertThat(updated.service().version()).isEqualTo(2);
        assertThat(updated.service().spec().image()).isEqualTo("img:2");
        assertThat(updated.service().previousSpec().image()).isEqualTo("img:1");
        assertThat(updated.redeploys()).as("a new image replaces the tasks").isTrue();

        ServiceViews.Updated back = m.ops.rollback("web");
        assertThat(back.service().spec().image()).isEqualTo("img:1");
        assertThat(back.service().version()).as("a rollback is an update too").isEqualTo(3);
        assertThat(back.service().previousSpec().image()).isEqualTo("img:2");
        assertThat(m.ops.inspect("web").spec().image()).isEqualTo("img:1");

        ServiceViews.Updated again = m.ops.rollback("web");
        assertThat(again.service().spec().image()).as("a second rollback undoes the first").isEqualTo("img:2");
        assertThat(again.service().version()).isEqualTo(4);
        assertThat(m.ops.inspect("web").spec().replicas()).isEqualTo(2);
    }

    @Test
    void rollbackOfANeverUpdatedServiceSaysThereIsNothingToGoBackTo() {
        createWeb();
        int before = m.store.proposed().size();

        ApiProblem p = problem(() -> m.ops.rollback("web"));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.CONFLICT);
        assertThat(p.getMessage()).contains("web", "no previous definition", "never updated");
        assertThat(m.store.proposed()).hasSize(before);
        assertThat(m.ops.inspect("web").version()).isEqualTo(1);
    }

    @Test
    void aRemovedServiceIsNotFoundAnymore() {
        ServiceViews.Created created = createWeb();

        Service removed = m.ops.remove("web");
        assertThat(removed.id()).isEqualTo(created.service().id());
        assertThat(m.ops.list()).isEmpty();

        ApiProblem p = problem(() -> m.ops.inspect("web"));
        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.NOT_FOUND);
        assertThat(p.getMessage()).contains("service web not found", "flotilla service ls");
        assertThat(problem(() -> m.ops.remove("web")).kind()).isEqualTo(ApiProblem.Kind.NOT_FOUND);
    }

    @Test
    void withoutAQuorumACreateSaysWhatToDoAndWritesNothing() {
        m.close();
        // three managers, of which only this one answers: the quorum case
        m = new TestManagers(new MemoryStore("m1", TestManagers.promoted(TestManagers.cluster("w1", "w2"), "w1", "w2")));
        createWeb();
        m.store.setAvailable(false);
        ClusterState before = m.store.local();
        int proposed = m.store.proposed().size();

        ApiProblem p = problem(() -> m.ops.create(ServiceOptions.builder("api", "img:1").build()));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.UNAVAILABLE);
        assertThat(p.code()).isEqualTo("NO_LEADER");
        assertThat(p.getMessage()).contains("does not have a leader", "1 of 3 managers is reachable",
                "Make sure more than half of the managers (at least 2 of 3) are online");
        assertThat(m.store.proposed()).hasSize(proposed);
        assertThat(m.store.local()).isSameAs(before);

        ApiProblem scale = problem(() -> m.ops.scale("web", new ServiceViews.Scale(3)));
        assertThat(scale.code()).isEqualTo("NO_LEADER");
        m.store.setAvailable(true);
        assertThat(m.ops.list()).extracting(s -> s.service().name()).containsExactly("web");
        assertThat(m.ops.inspect("web").spec().replicas()).isEqualTo(2);
    }

    @Test
    void aSingleManagerThatCannotReachItsStoreSaysAnElectionRuns() {
        // with one manager, this one is a majority of the voters by itself: not the lost-quorum wording
        m.store.setAvailable(false);

        ApiProblem p = problem(() -> m.ops.create(ServiceOptions.builder("web", "img:1").build()));

        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.UNAVAILABLE);
        assertThat(p.code()).isEqualTo("ELECTING");
        assertThat(p.getMessage()).contains("retry in a moment");
        assertThat(m.store.proposed()).isEmpty();
    }
}
