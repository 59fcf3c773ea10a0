package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.tls.NodeTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsFilesTest {
    @TempDir
    Path root;

    @Test
    void aNodesKeyIsPrivateAndItsIdentityAndTheCaComeBack() throws Exception {
        TlsFiles files = new DataDir(root).tls();
        CertificateAuthority ca = CertificateAuthority.create("c1", Instant.now());
        KeyPair k = NodeKeys.generate();
        X509Certificate cert = ca.issue(NodeKeys.request(k), "n1", CertRole.MANAGER, List.of("127.0.0.1"),
                Duration.ofDays(1), Instant.now());
        files.saveIdentity(k.getPrivate(), List.of(cert), List.of(ca.certificate()));
        assertThat(files.authority()).as("no CA key yet").isEmpty();
        files.saveCaKey(ca.key());

        assertThat(Files.getPosixFilePermissions(root.resolve("tls/node.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(root.resolve("tls/ca.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        NodeTls tls = files.load();
        assertThat(tls.identity().nodeId()).isEqualTo("n1");
        assertThat(tls.trusted()).containsExactly(ca.certificate());
        assertThat(files.authority().orElseThrow().fingerprint()).isEqualTo(ca.fingerprint());
    }

    @Test
    void theRetiredRootsKeyIsDeletedOnceNoTrustedRootFitsIt() throws Exception {
        TlsFiles files = new DataDir(root).tls();
        CertificateAuthority old = CertificateAuthority.create("c1", Instant.now());
        CertificateAuthority next = old.successor(Instant.now());
        KeyPair k = NodeKeys.generate();
        files.saveIdentity(k.getPrivate(), List.of(old.issue(NodeKeys.request(k), "n1", CertRole.MANAGER,
                List.of("127.0.0.1"), Duration.ofDays(1), Instant.now())), List.of(old.certificate()));
        files.saveCaKey(old.key());
        files.saveTrusted(List.of(old.certificate(), next.certificate()));
        assertThat(root.resolve("tls/ca.key")).as("during the rotation").exists();
        assertThat(files.authority()).isPresent();
        files.saveTrusted(List.of(next.certificate()));
        assertThat(root.resolve("tls/ca.key")).as("after it").doesNotExist();
        assertThat(files.authority()).isEmpty();
    }

    @Test
    void aDataDirFromBeforeTlsIsRefusedWithTheWayToUpgrade() {
        assertThatThrownBy(() -> new DataDir(root).tls().load()).isInstanceOf(DataDirException.class)
                .hasMessageContaining("without encryption in transit").hasMessageContaining("flotilla init")
                .hasMessageContaining("left untouched");
    }

    @Test
    void damagedFilesAreReportedNotUsed() throws Exception {
        Files.createDirectories(root.resolve("tls"));
        for (String f : List.of("node.key", "node.crt", "ca.crt")) {
            Files.writeString(root.resolve("tls").resolve(f), "garbage");
        }
        assertThatThrownBy(() -> new DataDir(root).tls().load()).isInstanceOf(DataDirException.class)
                .hasMessageContaining("cannot be read").hasMessageContaining("no PEM certificate");
    }
}
