package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.RegistryCredential;
import dev.flotilla.orchestrator.wire.ServiceViews;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The manager pins service images to digests through its engine ({@link TestManagers#engine}): on create, on an
 * update that names an image, on {@code --force}; never on other updates, scale or rollback, never with
 * {@code --no-resolve-image}; and nothing is asked or written when the request is refused.
 */
class ServicePinningTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String PRIVATE = "127.0.0.1:5001/team/web";
    private static final RegistryCredential CRED = new RegistryCredential("127.0.0.1:5001", "ci", "hunter2");
    private static final RegistryAuth AUTH = new RegistryAuth("127.0.0.1:5001", "ci", "hunter2");
    private final TestManagers m = new TestManagers(new MemoryStore("m1", TestManagers.cluster("w1")));

    @AfterEach
    void close() {
        m.close();
    }

    private List<String> asked() {
        return m.engine.calls().stream().filter(c -> c.startsWith("registryDigest ")).map(c -> c.substring(15)).toList();
    }

    private String stored(String name) {
        return m.ops.inspect(name).spec().image();
    }

    @Test
    void createStoresTheTagPinnedToTheDigestTheRegistryServes() {
        m.engine.serveDigest("img:1", A, null);

        ServiceViews.Created created = m.ops.create(ServiceOptions.builder("web", "img:1").build());

        assertThat(created.service().spec().image()).isEqualTo("img:1@" + A);
        assertThat(created.warnings()).isEmpty();
        assertThat(((Command.CreateService) m.store.proposed().get(0)).service().spec().image()).isEqualTo("img:1@" + A);
        assertThat(asked()).containsExactly("img:1");
    }

    @Test
    void anImageNoRegistryKnowsKeepsItsTagAndTheReplyWarns() {
        ServiceViews.Created created = m.ops.create(ServiceOptions.builder("web", "img:1").build());

        assertThat(stored("web")).isEqualTo("img:1");
        assertThat(created.warnings()).singleElement().asString()
                .contains("image img:1 could not be accessed on a registry to record its digest", "manifest unknown");
    }

    @Test
    void withNoResolveImageNobodyIsAskedAndTheImageStaysAsTyped() {
        m.engine.serveDigest("img:1", A, null);

        ServiceViews.Created created = m.ops.create(ServiceOptions.builder("web", "img:1").build(), null, false);
        m.ops.update("web", ServiceUpdateOptions.builder().image("img:2").force(true).build(), null, false);

        assertThat(created.warnings()).isEmpty();
        assertThat(stored("web")).isEqualTo("img:2");
        assertThat(asked()).isEmpty();
    }

    @Test
    void anImageARegistryAnswersForNeedNotBeOnANodeYet() {
        m.engine.serveDigest("nowhere:9", A, null);

        m.ops.create(ServiceOptions.builder("web", "nowhere:9").build());

        assertThat(stored("web")).isEqualTo("nowhere:9@" + A);
    }

    @Test
    void thePrivateRegistryIsAskedWithTheCredentialOfWithRegistryAuth() {
        m.engine.serveDigest(PRIVATE + ":1", A, AUTH);

        assertThat(m.ops.create(ServiceOptions.builder("web", PRIVATE + ":1").build(), CRED).warnings()).isEmpty();
        ServiceViews.Created without = m.ops.create(ServiceOptions.builder("api", PRIVATE + ":1").build());

        assertThat(stored("web")).isEqualTo(PRIVATE + ":1@" + A);
        assertThat(stored("api")).isEqualTo(PRIVATE + ":1");
        assertThat(without.warnings()).singleElement().asString().contains("unauthorized", "--with-registry-auth");
    }

    @Test
    void aCredentialForAnotherRegistryIsRefusedBeforeAnyRegistryIsAsked() {
        ApiProblem p = catchThrowableOfType(() -> m.ops.create(ServiceOptions.builder("web", PRIVATE + ":1").build(),
                new RegistryCredential("other.example", "u", "p")), ApiProblem.class);
        m.ops.create(ServiceOptions.builder("api", PRIVATE + ":1").build(), null, false);
        ApiProblem onUpdate = catchThrowableOfType(() -> m.ops.update("api", ServiceUpdateOptions.builder().force(true)
                .build(), new RegistryCredential("other.example", "u", "p")), ApiProblem.class);

        assertThat(p.getMessage()).contains("is for other.example");
        assertThat(onUpdate.getMessage()).contains("is for other.example");
        assertThat(asked()).isEmpty();
        assertThat(m.store.proposed()).hasSize(1);
    }

    @Test
    void aMalformedImageIsOneClearProblemAndNothingIsAskedOrWritten() {
        ApiProblem p = catchThrowableOfType(() -> m.ops.create(ServiceOptions.builder("web", "Web:1@sha256:nope").build()),
                ApiProblem.class);

        assertThat(p.code()).isEqualTo("INVALID_SPEC");
        assertThat(p.getMessage()).contains("is not a valid image reference").doesNotContain("\n");
        assertThat(asked()).isEmpty();
        assertThat(m.store.proposed()).isEmpty();
    }

    @Test
    void anUpdateWithAnImageIsPinnedAgainAndForceFollowsTheTagToItsNewDigest() {
        m.engine.serveDigest("img:1", A, null);
        m.ops.create(ServiceOptions.builder("web", "img:1").build());

        m.engine.serveDigest("img:1", B, null);
        ServiceViews.Updated sameSpec = m.ops.update("web", ServiceUpdateOptions.builder().replicas("3").build());
        assertThat(sameSpec.service().spec().image()).as("no image change, no question").isEqualTo("img:1@" + A);
        assertThat(asked()).containsExactly("img:1");

        ServiceViews.Updated forced = m.ops.update("web", ServiceUpdateOptions.builder().force(true).build());
        assertThat(forced.service().spec().image()).isEqualTo("img:1@" + B);
        assertThat(forced.redeploys()).isTrue();
        assertThat(forced.warnings()).isEmpty();

        m.engine.serveDigest("img:2", A, null);
        ServiceViews.Updated changed = m.ops.update("web", ServiceUpdateOptions.builder().image("img:2").build());
        assertThat(changed.service().spec().image()).isEqualTo("img:2@" + A);
        assertThat(asked()).containsExactly("img:1", "img:1", "img:2");
    }

    @Test
    void forceWithoutAnAnswerKeepsTheDigestAndWarns() {
        m.engine.serveDigest("img:1", A, null);
        m.ops.create(ServiceOptions.builder("web", "img:1").build());
        m.engine.serveDigest("img:1", null, null);

        ServiceViews.Updated forced = m.ops.update("web", ServiceUpdateOptions.builder().force(true).build());

        assertThat(forced.service().spec().image()).isEqualTo("img:1@" + A);
        assertThat(forced.redeploys()).as("--force still redeploys").isTrue();
        assertThat(forced.warnings()).singleElement().asString().contains("check its digest again", "keeps img:1@" + A);
    }

    @Test
    void scaleAndRollbackAskNobody() {
        m.engine.serveDigest(PRIVATE + ":1", A, null);
        m.engine.serveDigest(PRIVATE + ":2", B, null);
        m.ops.create(ServiceOptions.builder("web", PRIVATE + ":1").build());
        m.ops.update("web", ServiceUpdateOptions.builder().image(PRIVATE + ":2").build());

        ServiceViews.Updated back = m.ops.rollback("web");
        ServiceViews.Updated scaled = m.ops.scale("web", new ServiceViews.Scale(4));

        assertThat(back.service().spec().image()).as("the pinned image before").isEqualTo(PRIVATE + ":1@" + A);
        assertThat(scaled.service().spec().image()).isEqualTo(PRIVATE + ":1@" + A);
        assertThat(asked()).containsExactly(PRIVATE + ":1", PRIVATE + ":2");
    }

    @Test
    void forceAsksWithTheCredentialTheServiceKeeps() {
        m.engine.serveDigest(PRIVATE + ":1", A, AUTH);
        m.ops.create(ServiceOptions.builder("web", PRIVATE + ":1").build(), CRED);
        m.engine.serveDigest(PRIVATE + ":1", B, AUTH);

        ServiceViews.Updated forced = m.ops.update("web", ServiceUpdateOptions.builder().force(true).build());

        assertThat(forced.warnings()).isEmpty();
        assertThat(forced.service().spec().image()).isEqualTo(PRIVATE + ":1@" + B);
    }
}
