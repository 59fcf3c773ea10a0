package dev.flotilla.orchestrator.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.NodeKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's API client after a renewal: the JDK keeps connections alive and resumes TLS sessions, and either would
 * go on presenting the replaced certificate, which the managers refuse once a CA rotation has finished. The next
 * call must show the server the new one.
 */
class RenewedCertificateClientTest {
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers every call with the serial of the client certificate its TLS session holds. */
    private String start() throws IOException {
        NodeTls manager = TestTls.node("m1", CertRole.MANAGER);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(manager.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/serial", ex -> {
            String serial = ((X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0])
                    .getSerialNumber().toString(16);
            byte[] body = ("{\"serial\":\"" + serial + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @SuppressWarnings("unchecked")
    private static String serialSeen(ApiClient client) {
        return (String) client.get("/serial", Map.class).get("serial");
    }

    @Test
    void theCallAfterARenewalPresentsTheNewCertificate() throws IOException {
        String address = start();
        KeyPair k = NodeKeys.generate();
        NodeTls node = new NodeTls(k.getPrivate(), List.of(TestTls.CA.issue(NodeKeys.request(k), "w7", CertRole.WORKER,
                List.of("127.0.0.1"), Duration.ofDays(90), Instant.now())), List.of(TestTls.CA.certificate()));
        ApiClient client = new ApiClient(List.of(address), node.client(PeerCheck.manager()), null, Duration.ofSeconds(5));
        String first = serialSeen(client);
        assertThat(first).isEqualTo(node.certificate().getSerialNumber().toString(16));
        assertThat(serialSeen(client)).as("a second call, same certificate").isEqualTo(first);

        KeyPair renewed = NodeKeys.generate();
        node.renew(renewed.getPrivate(), List.of(TestTls.CA.issue(NodeKeys.request(renewed), "w7", CertRole.WORKER,
                List.of("127.0.0.1"), Duration.ofDays(90), Instant.now())));
        String after = serialSeen(client);
        assertThat(after).as("the server sees the renewed certificate at once")
                .isEqualTo(node.certificate().getSerialNumber().toString(16)).isNotEqualTo(first);
    }
}
