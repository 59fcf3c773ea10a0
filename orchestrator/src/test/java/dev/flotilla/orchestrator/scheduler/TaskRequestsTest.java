package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.spec.Protocol;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskRequestsTest {
    @Test
    void carriesWhatTheFiltersNeed() {
        ServiceDefinition web = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1").replicas("3")
                .constraint("node.role==worker").reserveCpu("1.5").reserveMemory("1g").publish("8080:80")
                .maxReplicasPerNode("2").build());
        TaskRequest t = TaskRequests.of(web, "sid", "t1", 1, null);
        assertThat(t.constraints()).isEqualTo(web.constraints());
        assertThat(t.nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(t.memoryBytes()).isEqualTo(1L << 30);
        assertThat(t.hostPorts()).containsExactly(new BoundPort(8080, Protocol.TCP));
        assertThat(t.maxPerNode()).isEqualTo(2);
        assertThat(t.pinnedNodeId()).isNull();
        NodeInfo small = NodeInfo.idle("n1", "h1", NodeRole.WORKER, 1_000_000_000L, 4L << 30);
        assertThat(Scheduler.schedule(List.of(small), List.of(t)).pending().get(0).reason())
                .isEqualTo("no suitable node (insufficient CPU on 1 node)");
    }

    @Test
    void globalTasksArePinned() {
        ServiceDefinition agent = ServiceSpecParser.parse(ServiceOptions.builder("agent", "agent:1").mode("global").build());
        assertThat(TaskRequests.of(agent, "sid", "t1", 0, "n1").pinnedNodeId()).isEqualTo("n1");
        assertThatThrownBy(() -> TaskRequests.of(agent, "sid", "t1", 0, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
