package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {
    @Test
    void shortAndLongForms() {
        assertThat(Ports.parse("8080:80")).isEqualTo(new PortSpec(8080, 80, Protocol.TCP));
        assertThat(Ports.parse("5514:514/udp")).isEqualTo(new PortSpec(5514, 514, Protocol.UDP));
        assertThat(Ports.parse("published=8080,target=8080")).isEqualTo(new PortSpec(8080, 8080, Protocol.TCP));
        assertThat(Ports.parse("published=53,target=53,protocol=udp,mode=host"))
                .isEqualTo(new PortSpec(53, 53, Protocol.UDP));
        assertThat(Ports.parse(new PortSpec(1, 2, Protocol.UDP).format())).isEqualTo(new PortSpec(1, 2, Protocol.UDP));
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> Ports.parse("8080")).hasMessageContaining("give both ports as published:target (for example 8080:8080)");
        assertThatThrownBy(() -> Ports.parse("abc")).hasMessageContaining("(for example 8080:80)");
        assertThatThrownBy(() -> Ports.parse("8080:80/sctp")).hasMessageContaining("unknown protocol \"sctp\"; use tcp or udp");
        assertThatThrownBy(() -> Ports.parse("70000:80")).hasMessageContaining("the published port \"70000\" is not a port number");
        assertThatThrownBy(() -> Ports.parse("abc:80")).hasMessageContaining("\"abc\" is not a port number");
        assertThatThrownBy(() -> Ports.parse("8080-8081:80-81")).hasMessageContaining("port ranges are not supported");
        assertThatThrownBy(() -> Ports.parse("127.0.0.1:8080:80")).hasMessageContaining("an address cannot be given");
        assertThatThrownBy(() -> Ports.parse("published=8080")).hasMessageContaining("both published= and target=");
        assertThatThrownBy(() -> Ports.parse("published=80,target=80,mode=ingress")).hasMessageContaining("mode=ingress is not supported");
        assertThatThrownBy(() -> Ports.parse("published=80,target=80,color=red")).hasMessageContaining("unknown key \"color\"");
        assertThatThrownBy(() -> Ports.parse(" ")).hasMessageContaining("--publish is empty");
    }
}
