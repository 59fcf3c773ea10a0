package dev.flotilla.orchestrator.tls;

import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real handshakes on loopback between contexts made from node identities. */
class NodeTlsTest {
    private static final Instant NOW = Instant.now();
    private final CertificateAuthority ca = CertificateAuthority.create("c1", NOW);
    private SSLServerSocket server;
    private final AtomicReference<String> clientSeen = new AtomicReference<>();

    private NodeTls node(CertificateAuthority by, String id, CertRole role, Instant at, Duration validity) {
        KeyPair k = NodeKeys.generate();
        X509Certificate c = by.issue(NodeKeys.request(k), id, role, List.of("127.0.0.1"), validity, at);
        return new NodeTls(k.getPrivate(), List.of(c), List.of(ca.certificate()));
    }

    private NodeTls node(String id, CertRole role) {
        return node(ca, id, role, NOW, Duration.ofDays(90));
    }

    /** Serves one handshake at a time with {@code tls}, recording the client's certificate subject. */
    private int serve(NodeTls tls) throws IOException {
        server = (SSLServerSocket) tls.serverContext().getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
        server.setWantClientAuth(true);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    try {
                        X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                        // the API server takes any client certificate in the handshake and checks it per request
                        String refusal = tls.refusal(List.of(peer));
                        clientSeen.set(refusal != null ? "refused: " + refusal : peer.getSubjectX500Principal().getName());
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        clientSeen.set("none");
                    }
                    s.getOutputStream().write(1);
                } catch (IOException e) {
                    clientSeen.set("refused: " + e.getMessage());
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private void call(ClientTls client, int port) throws IOException {
        clientSeen.set(null);
        try (SSLSocket s = (SSLSocket) client.socketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.startHandshake();
            assertThat(s.getInputStream().read()).isEqualTo(1);
        }
    }

    /** What the server saw of the last client, once it has seen it (TLS 1.3 clients finish before the server checks them). */
    private String seen() {
        return dev.flotilla.testkit.Await.value("the server's view of the client", Duration.ofSeconds(5), clientSeen::get);
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void nodesOfOneClusterTalkAndSeeEachOthersCertificate() throws IOException {
        int port = serve(node("m1", CertRole.MANAGER));
        call(node("w1", CertRole.WORKER).client(PeerCheck.manager()), port);
        assertThat(seen()).contains("CN=w1", "OU=worker");
    }

    @Test
    void anAdministratorTrustsTheCaAndPresentsNothing() throws IOException {
        int port = serve(node("m1", CertRole.MANAGER));
        call(ClientTls.trusting(List.of(ca.certificate()), PeerCheck.manager()), port);
        assertThat(seen()).isEqualTo("none");
    }

    @Test
    void aWorkerIsNotTakenForAManager() throws IOException {
        int port = serve(node("w1", CertRole.WORKER));
        assertThatThrownBy(() -> call(node("w2", CertRole.WORKER).client(PeerCheck.manager()), port))
                .isInstanceOf(SSLException.class).hasMessageContaining("worker certificate where a manager's is needed");
    }

    @Test
    void anotherClustersCaIsRefusedBothWays() throws IOException {
        CertificateAuthority other = CertificateAuthority.create("c2", NOW);
        KeyPair k = NodeKeys.generate();
        X509Certificate foreign = other.issue(NodeKeys.request(k), "x", CertRole.MANAGER, List.of(), Duration.ofDays(1), NOW);
        NodeTls impostor = new NodeTls(k.getPrivate(), List.of(foreign), List.of(other.certificate()));
        int port = serve(node("m1", CertRole.MANAGER));
        // it knows our CA, but its own certificate is from another one
        NodeTls stranger = new NodeTls(k.getPrivate(), List.of(foreign), List.of(ca.certificate()));
        call(stranger.client(PeerCheck.anyNode()), port);
        assertThat(seen()).contains("refused", "not issued by this cluster's CA");
        server.close();
        int port2 = serve(impostor);
        assertThatThrownBy(() -> call(node("w1", CertRole.WORKER).client(PeerCheck.anyNode()), port2))
                .isInstanceOf(SSLException.class).hasMessageContaining("not issued by this cluster's CA");
    }

    @Test
    void anExpiredCertificateIsRefusedAndARenewedOneWorksWithoutANewContext() throws IOException {
        int port = serve(node("m1", CertRole.MANAGER));
        NodeTls old = node(ca, "w1", CertRole.WORKER, NOW.minus(Duration.ofDays(100)), Duration.ofDays(90));
        ClientTls client = old.client(PeerCheck.manager());
        call(client, port);
        assertThat(seen()).contains("expired");
        KeyPair k = NodeKeys.generate();
        old.renew(k.getPrivate(), List.of(ca.issue(NodeKeys.request(k), "w1", CertRole.WORKER, List.of(),
                Duration.ofDays(90), NOW)));
        call(client, port);
        assertThat(seen()).contains("CN=w1");
    }

    @Test
    void aChainThatPassedIsCheckedAgainOnceTheTrustedRootsChange() {
        NodeTls verifier = node("m1", CertRole.MANAGER);
        NodeTls peer = node("w1", CertRole.WORKER);
        assertThat(verifier.refusal(List.of(peer.certificate()))).isNull();
        assertThat(verifier.refusal(List.of(peer.certificate()))).as("remembered").isNull();
        CertificateAuthority other = CertificateAuthority.create("c1", NOW);
        verifier.trust(List.of(other.certificate()));
        assertThat(verifier.refusal(List.of(peer.certificate()))).as("after the roots changed")
                .contains("not issued by this cluster's CA");
        verifier.trust(List.of(ca.certificate()));
        assertThat(verifier.refusal(List.of(peer.certificate()))).isNull();
        assertThat(verifier.refusal(List.of())).isNotNull();
    }
}
