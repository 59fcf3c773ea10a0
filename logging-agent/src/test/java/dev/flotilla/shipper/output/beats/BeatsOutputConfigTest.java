package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.shipper.text.HostPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeatsOutputConfigTest {

    @Test
    void badHostsAreRefusedWithTheirIndex() {
        assertThatThrownBy(() -> BeatsOutputConfig.parseHosts(List.of("ok:1", "bad:x")))
                .hasMessageContaining("output.logstash.hosts[1]: 'bad:x' is not a valid host:port");
    }

    @Test
    void defaultsAreFilebeats() {
        BeatsOutputConfig c = BeatsOutputConfig.builder(List.of(new HostPort("l", 5044))).build();
        assertThat(c.loadbalance()).isFalse();
        assertThat(c.compressionLevel()).isEqualTo(3);
        assertThat(c.bulkMaxSize()).isEqualTo(2048);
        assertThat(c.pipelining()).isEqualTo(2);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.backoffInit()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.tls()).isEmpty();
        assertThat(BeatsOutputConfig.builder(List.of(new HostPort("l", 5044))).pipelining(0).build()
                .windowsPerConnection()).as("pipelining 0 = one at a time").isEqualTo(1);
    }

    @Test
    void everyImpossibleValueIsReportedAtOnceWithItsKey() {
        assertThatThrownBy(() -> BeatsOutputConfig.builder(List.of()).compressionLevel(10).bulkMaxSize(0)
                .pipelining(-1).timeout(Duration.ZERO).backoff(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .ttl(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output.logstash.hosts: at least one host:port is needed")
                .hasMessageContaining("output.logstash.compression_level: 10 is outside 0-9")
                .hasMessageContaining("output.logstash.bulk_max_size: 0 is outside 1-")
                .hasMessageContaining("output.logstash.pipelining: -1 is outside 0-64")
                .hasMessageContaining("output.logstash.timeout: 0ms must be longer than zero")
                .hasMessageContaining("output.logstash.backoff.max: 1000ms is below backoff.init 5000ms")
                .hasMessageContaining("output.logstash.ttl: must not be negative");
        HostPort h = new HostPort("l", 5044);
        assertThatThrownBy(() -> BeatsOutputConfig.builder(List.of(h, h)).build()).hasMessageContaining("listed twice");
    }

    @Test
    void tlsNeedsCertificateAndKeyTogetherAndReadableFiles(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        assertThatThrownBy(() -> new TlsSettings(List.of(), cert, null, null))
                .hasMessageContaining("ssl.certificate is set but ssl.key is not");
        assertThatThrownBy(() -> new TlsSettings(List.of(), null, cert, null))
                .hasMessageContaining("ssl.key is set but ssl.certificate is not");
        TlsSettings t = new TlsSettings(List.of(dir.resolve("missing-ca.pem")), null, null, null);
        assertThat(t.verificationMode()).isEqualTo(TlsSettings.VerificationMode.FULL);
        assertThat(t.fileProblems()).containsExactly("ssl.certificate_authorities: " + dir.resolve("missing-ca.pem")
                + " does not exist or is not a file");
        BeatsOutputConfig c = BeatsOutputConfig.builder(List.of(new HostPort("l", 5044))).tls(t).build();
        assertThatThrownBy(() -> new BeatsOutput(c)).hasMessageContaining("missing-ca.pem does not exist");
        TlsSettings notPem = new TlsSettings(List.of(cert), null, null, null);
        BeatsOutputConfig c2 = BeatsOutputConfig.builder(List.of(new HostPort("l", 5044))).tls(notPem).build();
        assertThatThrownBy(() -> new BeatsOutput(c2)).hasMessageContaining("no '-----BEGIN CERTIFICATE-----' block found");
        assertThat(TlsSettings.VerificationMode.parse("Certificate")).isEqualTo(TlsSettings.VerificationMode.CERTIFICATE);
        assertThatThrownBy(() -> TlsSettings.VerificationMode.parse("loose"))
                .hasMessageContaining("'loose' is not one of full, strict, certificate, none");
    }

    @Test
    void backoffDoublesUpToTheMaximumWithEqualJitterAndResets() {
        double[] r = {0.0};
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> r[0]);
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofSeconds(2));
        r[0] = 0.999999;
        assertThat(b.nextDelay()).isBetween(Duration.ofMillis(7999), Duration.ofSeconds(8));
        for (int i = 0; i < 50; i++) {
            assertThat(b.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(10)).isGreaterThan(Duration.ofMillis(4999));
        }
        b.reset();
        r[0] = 0.5;
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(750));
    }
}
