package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.RegistryCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code --with-registry-auth} on the manager: sealed into the state, never shown, opened for the nodes. */
class RegistryAuthTest {
    private static final String IMAGE = "127.0.0.1:5001/team/web:1";
    private static final RegistryCredential CRED = new RegistryCredential("127.0.0.1:5001", "ci", "hunter2-secret");
    private final TestManagers m = new TestManagers(new MemoryStore("m1", TestManagers.cluster("w1")));

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void theCredentialIsSealedInTheStateAndNeverShown() {
        m.ops.create(ServiceOptions.builder("web", IMAGE).build(), CRED);
        Service stored = m.store.local().services().values().iterator().next();
        assertThat(stored.registryAuth()).isNotNull();
        assertThat(Json.text(m.store.local())).doesNotContain("hunter2-secret").doesNotContain("\"ci\"");
        assertThat(Json.text(m.store.proposed())).doesNotContain("hunter2-secret");
        assertThat(Json.text(m.ops.inspect("web"))).doesNotContain(stored.registryAuth().data());
        assertThat(m.ops.inspect("web").registryAuth()).isNull();
        assertThat(m.ops.list().get(0).service().registryAuth()).isNull();
        assertThat(m.ops.tasks("web").service().registryAuth()).isNull();
        assertThat(m.ops.registryCredential(stored)).contains(CRED);
    }

    @Test
    void anUpdateWithoutTheFlagKeepsTheCredentialAndWithItReplacesIt() {
        m.ops.create(ServiceOptions.builder("web", IMAGE).build(), CRED);
        m.ops.update("web", ServiceUpdateOptions.builder().replicas("2").build(), null);
        Service kept = m.store.local().services().values().iterator().next();
        assertThat(m.ops.registryCredential(kept)).contains(CRED);
        RegistryCredential next = new RegistryCredential("127.0.0.1:5001", "ci", "rotated");
        m.ops.update("web", ServiceUpdateOptions.builder().build(), next);
        assertThat(m.ops.registryCredential(m.store.local().services().values().iterator().next())).contains(next);
    }

    @Test
    void aCredentialForAnotherRegistryIsRefusedAndNothingIsWritten() {
        int before = m.store.proposed().size();
        ApiProblem p = catchThrowableOfType(() -> m.ops.create(ServiceOptions.builder("web", IMAGE).build(),
                new RegistryCredential("other.example", "u", "p")), ApiProblem.class);
        assertThat(p.kind()).isEqualTo(ApiProblem.Kind.BAD_REQUEST);
        assertThat(p.getMessage()).contains("is for other.example", "docker login 127.0.0.1:5001");
        assertThat(m.store.proposed()).hasSize(before);
    }

    @Test
    void aManagerWithoutTheClusterKeySaysToRetryAndWritesNothing() {
        ServiceOps keyless = new ServiceOps("m1", m.service::read, m.service::write, Optional::empty);
        ApiProblem p = catchThrowableOfType(() -> keyless.create(ServiceOptions.builder("web", IMAGE).build(), CRED),
                ApiProblem.class);
        assertThat(p.code()).isEqualTo("NO_CLUSTER_KEY");
        assertThat(m.store.local().services()).isEmpty();
    }

    @Test
    void aSealedCredentialCannotBeMovedToAnotherService() {
        m.ops.create(ServiceOptions.builder("web", IMAGE).build(), CRED);
        m.ops.create(ServiceOptions.builder("api", IMAGE).build());
        Service web = m.ops.inspect("web");
        Service stored = m.store.local().services().get(web.id());
        Service api = m.store.local().services().get(m.ops.inspect("api").id());
        Service forged = api.withRegistryAuth(stored.registryAuth());
        assertThat(catchThrowableOfType(() -> m.ops.registryCredential(forged), IllegalArgumentException.class))
                .hasMessageContaining("cannot be opened");
    }
}
