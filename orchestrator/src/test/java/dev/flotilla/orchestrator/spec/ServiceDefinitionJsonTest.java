package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A definition is replicated and served as JSON: it must survive a round trip through a plain ObjectMapper. */
class ServiceDefinitionJsonTest {
    private final ServiceDefinition full = ServiceSpecParser.parse(ServiceOptions.builder("web", "web:1").command("run")
            .replicas("3").maxReplicasPerNode("2").publish("8080:80").publish("53:53/udp")
            .mount("type=bind,src=/srv/logs/{{.Node.Hostname}},dst=/logs,readonly").env("A={{.Task.Slot}}").label("k=v")
            .constraint("node.labels.zone!=eu").reserveCpu("0.5").reserveMemory("256M").limitCpu("1").limitMemory("1g")
            .stopGracePeriod("1m30s").hostname("web-{{.Task.Slot}}").logDir("/logs").updateParallelism("2")
            .updateDelay("500ms").build()).withForceUpdate(3);

    @Test
    void roundTripsWithADefaultMapper() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(full);
        assertThat(json).contains("\"stopGracePeriod\":\"PT1M30S\"", "\"delay\":\"PT0.5S\"");
        assertThat(mapper.readValue(json, ServiceDefinition.class)).isEqualTo(full);
    }

    @Test
    void roundTripsWithAFieldsOnlyMapper() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        assertThat(mapper.readValue(mapper.writeValueAsBytes(full), ServiceDefinition.class)).isEqualTo(full);
    }
}
