package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.spec.Addresses;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressesAndOptionsTest {

    @Test
    void addressesTakeDefaultPortsAndBrackets() {
        assertThat(Addresses.withDefaultPort("10.0.0.1", 4242)).isEqualTo("10.0.0.1:4242");
        assertThat(Addresses.withDefaultPort("10.0.0.1:5000", 4242)).isEqualTo("10.0.0.1:5000");
        assertThat(Addresses.withDefaultPort("::1", 4242)).isEqualTo("[::1]:4242");
        assertThat(Addresses.host("[::1]:4242")).isEqualTo("::1");
        assertThat(Addresses.port("[::1]:4242")).isEqualTo(4242);
        assertThatThrownBy(() -> Addresses.withDefaultPort("host:99999", 1)).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> Addresses.withDefaultPort(":80", 1)).hasMessageContaining("no host");
    }

    @Test
    void nodeOptionsNeverBindTheWildcardByDefault() {
        NodeOptions.Resolved r = new NodeOptions(Path.of("d"), "127.0.0.5", null, null, "n1", null, null).resolve();
        assertThat(r.apiAddress()).isEqualTo("127.0.0.5:4242");
        assertThat(r.listenAddress()).isEqualTo("127.0.0.5:4242");
        assertThat(r.raftAddress()).isEqualTo("127.0.0.5:4243");

        NodeOptions.Resolved custom = new NodeOptions(Path.of("d"), "10.1.1.1", "127.0.0.5:7000", 7100, "n1", null, null).resolve();
        assertThat(custom.apiAddress()).isEqualTo("10.1.1.1:7000");
        assertThat(custom.listenAddress()).isEqualTo("127.0.0.5:7000");
        assertThat(custom.raftAddress()).isEqualTo("10.1.1.1:7100");

        assertThatThrownBy(() -> new NodeOptions(Path.of("d"), "0.0.0.0", null, null, "n", null, null).resolve())
                .hasMessageContaining("must be an address other nodes can reach");
        assertThatThrownBy(() -> new NodeOptions(Path.of("d"), "127.0.0.5", null, 4242, "n", null, null).resolve())
                .hasMessageContaining("other than the API port");
        assertThatThrownBy(() -> new NodeOptions(Path.of("d"), "127.0.0.5", null, null, "bad name!", null, null).resolve())
                .hasMessageContaining("invalid --hostname");
    }
}
