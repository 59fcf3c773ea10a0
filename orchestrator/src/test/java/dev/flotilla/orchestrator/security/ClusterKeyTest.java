package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.SealedSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterKeyTest {
    private final ClusterKey key = ClusterKey.generate();

    @Test
    void aSealedSecretOpensOnlyWithTheSameKeyAndPurpose() {
        SealedSecret s = key.seal("registry-auth:svc1", "hunter2");
        assertThat(s.data()).doesNotContain("hunter2");
        assertThat(s.toString()).doesNotContain(s.data());
        assertThat(key.open("registry-auth:svc1", s)).isEqualTo("hunter2");
        assertThat(ClusterKey.decode(key.encoded()).open("registry-auth:svc1", s)).isEqualTo("hunter2");
        assertThatThrownBy(() -> key.open("registry-auth:svc2", s)).hasMessageContaining("cannot be opened");
        assertThatThrownBy(() -> ClusterKey.generate().open("registry-auth:svc1", s))
                .hasMessageContaining("sealed with cluster key " + key.id());
    }

    @Test
    void twoSealsOfOneSecretDifferAndAnAlteredOneIsRefused() {
        SealedSecret a = key.seal("p", "same");
        SealedSecret b = key.seal("p", "same");
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.data()).isNotEqualTo(b.data());
        char[] d = a.data().toCharArray();
        d[2] = d[2] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> key.open("p", new SealedSecret(a.keyId(), a.nonce(), new String(d))))
                .hasMessageContaining("cannot be opened");
    }

    @Test
    void aDamagedKeyFileIsNamedAsSuch() {
        assertThatThrownBy(() -> ClusterKey.decode("not base64!")).hasMessageContaining("cluster key is damaged");
        assertThatThrownBy(() -> ClusterKey.decode("AAAA")).hasMessageContaining("32 bytes");
    }
}
