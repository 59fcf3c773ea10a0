package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.shipper.receive.BeatsReceiver;
import dev.flotilla.shipper.receive.ReceiverConfig;
import dev.flotilla.shipper.text.HostPort;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a CA, a server certificate and a client certificate generated in the test with keytool, against the
 * camel-lumberjack server (made to require client certificates) and against our receiver.
 */
class BeatsOutputTlsIT {
    private static final String PATH = "/logs/tls/catalina.log";
    @TempDir
    static Path dir;
    static TestCerts certs;
    static Path[] server;
    static Path[] client;
    static Path[] wrongName;

    @BeforeAll
    static void pki() throws Exception {
        certs = TestCerts.create(dir);
        server = certs.leaf("server", "ip:127.0.0.1,dns:localhost");
        client = certs.leaf("agent", null);
        wrongName = certs.leaf("elsewhere", "dns:logstash.elsewhere.example");
    }

    private static BeatsOutputConfig config(int port, TlsSettings tls) {
        return BeatsOutputConfig.builder(List.of(new HostPort("127.0.0.1", port)))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(300)).timeout(Duration.ofSeconds(5)).tls(tls).build();
    }

    private static TlsSettings mutual(TlsSettings.VerificationMode mode) {
        return new TlsSettings(List.of(certs.caPem), client[0], client[1], mode);
    }

    @Test
    void mutualTlsWithCamelRequiringAClientCertificate() throws Exception {
        int port = Ports.free();
        SSLContext ctx = PemTls.serverContext(server[0], server[1], List.of(certs.caPem));
        try (CamelBeatsServer camel = CamelBeatsServer.start("127.0.0.1", port, ctx, true);
             BeatsOutput out = new BeatsOutput(config(port, mutual(TlsSettings.VerificationMode.FULL))).start()) {
            TestBatches batches = new TestBatches();
            for (int i = 0; i < 10; i++) {
                out.publish(batches.batch(PATH, i, 200));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
            assertThat(camel.received().missing(PATH, BeatsOutputCamelIT.range(2000))).isEmpty();
        }
    }

    @Test
    void withoutAClientCertificateTheServerRefusesAndNothingIsAcknowledged() throws Exception {
        int port = Ports.free();
        SSLContext ctx = PemTls.serverContext(server[0], server[1], List.of(certs.caPem));
        TlsSettings noCert = new TlsSettings(List.of(certs.caPem), null, null, TlsSettings.VerificationMode.FULL);
        try (CamelBeatsServer camel = CamelBeatsServer.start("127.0.0.1", port, ctx, true);
             BeatsOutput out = new BeatsOutput(config(port, noCert)).start()) {
            TestBatches batches = new TestBatches();
            out.publish(batches.batch(PATH, 0, 10));
            Await.until("connections refused", Duration.ofSeconds(15),
                    () -> out.stats().connectFailures() + out.stats().connectionFailures() >= 2);
            assertThat(out.awaitAllAcked(500, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(camel.received().total()).isZero();
        }
    }

    @Test
    void fullVerificationRefusesAServerCertificateForAnotherNameButCertificateModeAcceptsIt() throws Exception {
        int port = Ports.free();
        SSLContext ctx = PemTls.serverContext(wrongName[0], wrongName[1], List.of());
        try (CamelBeatsServer camel = CamelBeatsServer.start("127.0.0.1", port, ctx, false)) {
            try (BeatsOutput full = new BeatsOutput(config(port, mutual(TlsSettings.VerificationMode.FULL))).start()) {
                full.publish(new TestBatches().batch(PATH, 0, 5));
                Await.until("the handshake fails", Duration.ofSeconds(15), () -> full.stats().connectFailures() >= 2);
                assertThat(camel.received().total()).isZero();
            }
            try (BeatsOutput chainOnly = new BeatsOutput(config(port,
                    mutual(TlsSettings.VerificationMode.CERTIFICATE))).start()) {
                chainOnly.publish(new TestBatches().batch(PATH, 1, 5));
                assertThat(chainOnly.awaitAllAcked(20, TimeUnit.SECONDS)).isTrue();
            }
            TlsSettings untrusted = new TlsSettings(List.of(client[0]), null, null,
                    TlsSettings.VerificationMode.CERTIFICATE);
            try (BeatsOutput wrongCa = new BeatsOutput(config(port, untrusted)).start()) {
                wrongCa.publish(new TestBatches().batch(PATH, 2, 5));
                Await.until("an untrusted chain fails", Duration.ofSeconds(15),
                        () -> wrongCa.stats().connectFailures() >= 2);
            }
            assertThat(camel.received().total()).isEqualTo(5);
        }
    }

    @Test
    void mutualTlsWithOurReceiver() throws Exception {
        Path file = dir.resolve("tls-events.ndjson");
        ReceiverConfig rc = new ReceiverConfig(new HostPort("127.0.0.1", 0), file, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ZERO, 8, FrameCodec.Limits.DEFAULT, server[0], server[1], List.of(certs.caPem));
        try (BeatsReceiver r = BeatsReceiver.start(rc);
             BeatsOutput out = new BeatsOutput(config(r.address().getPort(),
                     mutual(TlsSettings.VerificationMode.STRICT))).start()) {
            TestBatches batches = new TestBatches();
            for (int i = 0; i < 5; i++) {
                out.publish(batches.batch(PATH, i, 300));
            }
            assertThat(out.awaitAllAcked(30, TimeUnit.SECONDS)).isTrue();
        }
        ReceivedEvents got = ReceivedEvents.fromNdjson(file);
        assertThat(got.missing(PATH, BeatsOutputCamelIT.range(1500))).isEmpty();
        assertThat(got.duplicates()).isZero();
    }
}
