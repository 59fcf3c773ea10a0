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
    void aServiceKeepsItsPreviousDefinitionThroughJsonAndOlderStatesReadWithoutOne() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        dev.flotilla.orchestrator.api.Service created = new dev.flotilla.orchestrator.api.Service("s1", full, 1, 10, 10);
        assertThat(created.previousSpec()).isNull();
        ServiceDefinition next = ServiceUpdater.apply(full, ServiceUpdateOptions.builder().image("web:2").build());
        dev.flotilla.orchestrator.api.Service updated = created.withSpec(next, 20);
        assertThat(updated.previousSpec()).isEqualTo(full);
        assertThat(updated.withSpec(updated.previousSpec(), 30).previousSpec()).as("a rollback can be undone")
                .isEqualTo(next);
        String json = mapper.writeValueAsString(updated);
        assertThat(mapper.readValue(json, dev.flotilla.orchestrator.api.Service.class)).isEqualTo(updated);
        // a state written before previousSpec existed
        String old = mapper.writeValueAsString(created).replace(",\"previousSpec\":null", "");
        assertThat(old).doesNotContain("previousSpec");
        assertThat(mapper.readValue(old, dev.flotilla.orchestrator.api.Service.class)).isEqualTo(created);
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
