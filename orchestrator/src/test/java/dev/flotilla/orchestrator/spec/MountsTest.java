package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountsTest {
    @Test
    void acceptsDockersSpellings() {
        MountSpec expected = new MountSpec("/srv/logs", "/usr/local/tomcat/logs", false);
        assertThat(Mounts.parse("type=bind,src=/srv/logs,dst=/usr/local/tomcat/logs", "web")).isEqualTo(expected);
        assertThat(Mounts.parse("type=bind,source=/srv/logs,target=/usr/local/tomcat/logs/", "web")).isEqualTo(expected);
        assertThat(Mounts.parse("type=bind,source=/srv/logs,destination=/usr/local/tomcat/logs", "web")).isEqualTo(expected);
        assertThat(Mounts.parse("type=bind,src=/a,dst=/b,readonly", "web").readOnly()).isTrue();
        assertThat(Mounts.parse("type=bind,src=/a,dst=/b,ro=true", "web").readOnly()).isTrue();
        assertThat(Mounts.parse("type=bind,src=/a,dst=/b,readonly=false", "web").readOnly()).isFalse();
        assertThat(Mounts.parse("type=bind,\"src=/a,b\",dst=/b", "web").source()).isEqualTo("/a,b");
    }

    @Test
    void templatesInTheSourceAreCheckedAndKept() {
        MountSpec m = Mounts.parse("type=bind,src=/srv/logs/{{.Node.Hostname}},dst=/logs", "web");
        assertThat(m.source()).isEqualTo("/srv/logs/{{.Node.Hostname}}");
        assertThat(Mounts.parse(m.format(), "web")).isEqualTo(m);
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=/srv/{{.Nod.Hostname}},dst=/logs", "web"))
                .hasMessageContaining("unknown template field .Nod.Hostname");
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> Mounts.parse("src=/a,dst=/b", "web")).hasMessageContaining("type= is missing");
        assertThatThrownBy(() -> Mounts.parse("type=volume,src=v,dst=/b", "web")).hasMessageContaining("only type=bind");
        assertThatThrownBy(() -> Mounts.parse("type=bind,dst=/b", "web")).hasMessageContaining("both a source (src=) and a target (dst=)");
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=/a,dst=b", "web")).hasMessageContaining("must be an absolute path inside the container");
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=relative,dst=/b", "web")).hasMessageContaining("must be an absolute path on the node");
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=/a,dst=/b,shared", "web")).hasMessageContaining("unknown key \"shared\"");
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=/a,dst=/b,ro=maybe", "web")).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=,dst=/b", "web")).hasMessageContaining("src= needs a value");
        assertThatThrownBy(() -> Mounts.parse("type=bind,\"src=/a,dst=/b", "web")).hasMessageContaining("quote is never closed");
        assertThatThrownBy(() -> Mounts.parse("type=bind,src=/a/../etc,dst=/b", "web")).hasMessageContaining("'..' segment");
    }
}
